package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's R10 (five at once), then a hundred times more: every conversation is answered, exactly once, in its
 * own thread. Correctness only; how fast Lucy is under load is measured in lucy-bench, not asserted here.
 */
class LoadE2ETest {
    private static final int CHANNELS = 10;
    private static final int USERS = 25;
    private static final Duration LOAD_WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(LoadE2ETest::workspace)
            // Lucy paces chat.postMessage to about one a second per channel because Slack allows no more; 500
            // answers in 10 channels would take almost a minute of pacing alone. The simulator's rate limits are
            // off (its default), so pacing protects nothing here: let the posts go out as fast as they come.
            .app(b -> b.slackPort(port -> port.postBurst(10_000).postInterval(Duration.ofMillis(1))));

    private static SlackSimulator.Builder workspace(SlackSimulator.Builder b) {
        for (int u = 0; u < USERS; u++) {
            b.user("user" + u);
        }
        for (int c = 0; c < CHANNELS; c++) {
            b.channel("team-" + c);
        }
        return b;
    }

    @Test
    void five_people_asking_at_once_are_each_answered_once() throws Exception {
        List<String> questions = List.of(
                "Hi Lucy!",
                "what's on the release checklist?",
                "summarise yesterday's incident",
                "who is on call this week?",
                "draft a note about the offsite");
        lucy.model().latency(Latency.between(Duration.ofMillis(50), Duration.ofMillis(300)));

        Map<String, SlackMessage> asked = askAtOnce(questions);

        for (String question : questions) {
            lucy.awaitAnswer(asked.get(question), text -> !text.isBlank());
        }
        lucy.awaitSettled();
        for (String question : questions) {
            assertThat(lucy.botMessages(asked.get(question)))
                    .as("answers to \"%s\"", question)
                    .hasSize(1);
        }
        assertThat(lucy.botMessages(asked.get("Hi Lucy!")).get(0).text())
                .as("the greeting is answered without the model")
                .doesNotContain("You asked");
        assertThat(lucy.model().requests()).hasSize(4);
        for (String question : questions.subList(1, 5)) {
            assertThat(lucy.botMessages(asked.get(question)).get(0).text()).isEqualTo(E2EModel.answerTo(question));
        }
    }

    @Test
    void five_hundred_conversations_at_once_are_each_answered_exactly_once() throws Exception {
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            questions.add("what is the status of ticket " + (1000 + i) + "?");
        }
        lucy.model().latency(Latency.between(Duration.ZERO, Duration.ofMillis(20)));
        long started = System.nanoTime();

        Map<String, SlackMessage> asked = askAtOnce(questions);

        // Cheap probes while waiting (the model's count, the runtime's load); the threads are read once at the end.
        lucy.slack()
                .awaitTrue(
                        "500 questions to reach the model",
                        LOAD_WAIT,
                        () -> lucy.model().requestCount() >= 500);
        lucy.slack().awaitTrue("Lucy to finish every run", LOAD_WAIT, () -> {
            var stats = lucy.app().engine().runtime().stats();
            return stats.running() == 0 && stats.queued() == 0 && lucy.slack().unackedEnvelopes() == 0;
        });
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("500 conversations answered in %d ms%n", tookMs);

        // Beyond the runtime's concurrency limit (production defaults) a conversation waits its turn and is told
        // so at once ("You're #12 in line"); that notice comes first, then the one answer.
        int queued = 0;
        for (String question : questions) {
            List<SlackMessage> shown = lucy.botMessages(asked.get(question));
            List<SlackMessage> answers = shown.stream()
                    .filter(m -> m.text().startsWith("You asked:"))
                    .toList();
            assertThat(answers)
                    .as("answers to \"%s\"", question)
                    .extracting(SlackMessage::text)
                    .containsExactly(E2EModel.answerTo(question));
            List<SlackMessage> notices =
                    shown.stream().filter(m -> !answers.contains(m)).toList();
            assertThat(notices)
                    .as("other messages in the thread of \"%s\"", question)
                    .hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(notice -> {
                        assertThat(notice.text()).contains("in line");
                        assertThat(notice.ts()).isLessThan(answers.get(0).ts());
                    });
            queued += notices.size();
        }
        System.out.printf("%d of 500 conversations waited in line first%n", queued);
        Map<String, Long> perQuestion = lucy.model().requests().stream()
                .collect(Collectors.groupingBy(r -> r.lastUserText().orElse(""), Collectors.counting()));
        assertThat(perQuestion)
                .hasSize(500)
                .allSatisfy((question, times) ->
                        assertThat(times).as("model calls for \"%s\"", question).isEqualTo(1L));
        assertThat(lucy.model().requests()).extracting(ModelRequest::sequence).hasSize(500);
    }

    /** Each question from its own virtual thread, released together, spread over the channels and people. */
    private Map<String, SlackMessage> askAtOnce(List<String> questions) throws InterruptedException {
        ConcurrentHashMap<String, SlackMessage> asked = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < questions.size(); i++) {
                String question = questions.get(i);
                String user = "user" + (i % USERS);
                String channel = "team-" + (i % CHANNELS);
                executor.submit(() -> {
                    start.await();
                    asked.put(question, lucy.user(user).mentionsBot(channel, question));
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(asked).hasSize(questions.size());
        return asked;
    }
}

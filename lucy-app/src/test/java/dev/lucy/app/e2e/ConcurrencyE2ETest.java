package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's R8: three people ask about three topics at the same moment, each in their own thread, and follow up;
 * every answer lands in its own thread and nothing of one conversation reaches another.
 */
class ConcurrencyE2ETest {
    private static final List<String> TOPICS = List.of("kubernetes upgrade", "quarterly budget", "hiring plan");

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(b -> b.user("alice").user("bob").user("carol").channel(CHANNEL));

    @Test
    void three_concurrent_threads_each_get_their_own_answers_and_nothing_of_the_others() throws Exception {
        // Each answer takes a moment, so the three runs overlap.
        lucy.model().latency(Latency.fixed(Duration.ofMillis(600)));
        List<String> people = List.of("alice", "bob", "carol");
        ConcurrentHashMap<String, SlackMessage> asked = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                String person = people.get(i);
                String topic = TOPICS.get(i);
                executor.submit(() -> {
                    start.await();
                    asked.put(topic, lucy.user(person).mentionsBot(CHANNEL, "what's the status of the " + topic + "?"));
                    return null;
                });
            }
            start.countDown();
        }
        for (String topic : TOPICS) {
            lucy.awaitAnswer(asked.get(topic), text -> text.contains(topic));
        }
        assertThat(lucy.model().peakOpenRequests()).as("the three ran at once").isGreaterThanOrEqualTo(2);

        // A follow-up in each thread, again at once: the history Lucy sends must be that thread's alone.
        List<SlackMessage> followUps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            followUps.add(lucy.user(people.get(i))
                    .repliesTo(asked.get(TOPICS.get(i)), "and who owns the " + TOPICS.get(i) + "?"));
        }
        for (int i = 0; i < 3; i++) {
            String topic = TOPICS.get(i);
            lucy.awaitAnswer(asked.get(topic), text -> text.contains("who owns the " + topic));
        }
        lucy.awaitSettled();

        for (String topic : TOPICS) {
            List<SlackMessage> answers = lucy.botMessages(asked.get(topic));
            assertThat(answers).as("two answers in the %s thread", topic).hasSize(2);
            for (SlackMessage answer : answers) {
                assertThat(answer.text()).contains(topic);
                for (String other : TOPICS) {
                    if (!other.equals(topic)) {
                        assertThat(answer.text()).doesNotContain(other);
                    }
                }
            }
        }
        for (ModelRequest request : lucy.model().requests()) {
            String own = TOPICS.stream()
                    .filter(t -> request.lastUserText().orElse("").contains(t))
                    .findFirst()
                    .orElseThrow();
            for (String other : TOPICS) {
                if (!other.equals(own)) {
                    assertThat(request.messages())
                            .as("the prompt for \"%s\" mentions nothing of \"%s\"", own, other)
                            .noneMatch(m -> m.content() != null && m.content().contains(other));
                }
            }
        }
        assertThat(lucy.model().requests())
                .as("the follow-ups carried their own thread's history")
                .filteredOn(r -> r.lastUserText().orElse("").startsWith("and who owns"))
                .hasSize(3)
                .allMatch(r -> r.messages().stream()
                        .anyMatch(m -> m.content() != null && m.content().startsWith("You asked: what's the status")));
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's R1 and R7 as people see them in Slack: a fact told in one thread is recalled in another, and two
 * people telling Lucy different facts at the same moment both have them kept.
 */
class MemoryE2ETest {

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    @Test
    void a_fact_told_in_one_thread_is_recalled_by_someone_else_in_a_new_thread() {
        SlackMessage before = lucy.user("bob").mentionsBot(CHANNEL, "What's our revenue target?");
        assertThat(lucy.awaitAnswer(before, text -> !text.isBlank()).text())
                .as("nothing is known before anyone said it")
                .contains("don't know");

        SlackMessage remember = lucy.user("alice").mentionsBot(CHANNEL, "Remember our Q1 target is $800K");
        assertThat(lucy.awaitAnswer(remember, text -> text.contains("Noted")).text())
                .contains("keep that in mind");
        awaitFacts(1);

        SlackMessage question = lucy.user("bob").mentionsBot(CHANNEL, "What's our revenue target?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("800K"));

        assertThat(answer.text())
                .as("streamed to bob: Markdown, which Slack shows in bold")
                .isEqualTo("Our Q1 target is **$800K**, as the team told me.");
        assertThat(lucy.botMessages(remember))
                .as("the recall was answered in the new thread, not in the one where the fact was told")
                .extracting(SlackMessage::text)
                .noneMatch(text -> text.contains("800K"));
        ModelRequest asked = model(question);
        assertThat(asked.messages())
                .as("the prompt Lucy sent for the new thread carries the remembered fact, not the old thread")
                .anyMatch(m -> m.content() != null && m.content().contains("Q1 target is $800K"))
                .noneMatch(m -> m.content() != null && m.content().contains("keep that in mind"));
    }

    @Test
    void two_people_telling_lucy_different_facts_at_the_same_time_both_have_them_kept() throws Exception {
        // Both runs must be in flight together: the model takes a moment over each.
        lucy.model().latency(Latency.fixed(Duration.ofSeconds(1)));
        CountDownLatch start = new CountDownLatch(1);
        SlackMessage[] said = new SlackMessage[2];
        try (var people = Executors.newVirtualThreadPerTaskExecutor()) {
            people.submit(() -> {
                start.await();
                said[0] = lucy.user("alice").mentionsBot(CHANNEL, "Remember our Q1 target is $800K");
                return null;
            });
            people.submit(() -> {
                start.await();
                said[1] = lucy.user("bob").mentionsBot(CHANNEL, "Remember our company uses React and Python");
                return null;
            });
            start.countDown();
        }
        lucy.awaitAnswer(said[0], text -> text.contains("Noted"));
        lucy.awaitAnswer(said[1], text -> text.contains("Noted"));
        assertThat(lucy.model().peakOpenRequests())
                .as("both were with the model at once")
                .isGreaterThanOrEqualTo(2);

        List<Fact> facts = awaitFacts(2);
        assertThat(facts)
                .extracting(Fact::text)
                .anyMatch(text -> text.contains("$800K"))
                .anyMatch(text -> text.contains("React and Python"));

        lucy.model().latency(Latency.none());
        SlackMessage target = lucy.user("bob").mentionsBot(CHANNEL, "What is our Q1 target?");
        SlackMessage stack = lucy.user("alice").mentionsBot(CHANNEL, "What does our company use for the app?");
        assertThat(lucy.awaitAnswer(target, text -> text.contains("800K")).text())
                .contains("*$800K*");
        assertThat(lucy.awaitAnswer(stack, text -> text.contains("React")).text())
                .isEqualTo("The company uses React and Python.");
    }

    private List<Fact> awaitFacts(int count) {
        String team = lucy.slack().teamId();
        return lucy.slack().await(count + " stored fact(s)", LucyE2E.WAIT, () -> {
            List<Fact> facts = lucy.app().engine().memoryAdmin().list(FactQuery.workspace(team));
            return facts.size() >= count ? java.util.Optional.of(facts) : java.util.Optional.empty();
        });
    }

    private ModelRequest model(SlackMessage question) {
        String text = question.text().replaceAll("<@[A-Z0-9]+>", "").strip();
        return lucy.model().requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains(text))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no model request for \"" + text + "\""));
    }
}

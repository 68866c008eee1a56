package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Sleeper;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a person sees while the model makes Lucy wait: a {@code Retry-After} told in the progress message while it
 * lasts, a model that never starts its answer left for the next one after the first-token timeout, and a stream cut
 * mid-way started over so that one whole answer remains.
 */
class ModelWaitsE2ETest {
    private static final String ASKED = "what changed in the billing service?";

    /**
     * Lucy's waits for the model: each is recorded; a long one is held until the test lets it go (so the test sees
     * what the person sees during it), a short one passes at once. Nothing really sleeps.
     */
    private static final class HeldWaits implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            if (duration.compareTo(Duration.ofSeconds(3)) >= 0) {
                release.await(LucyE2E.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private final HeldWaits held = new HeldWaits();

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .modelClient(client -> client.firstTokenTimeout(Duration.ofSeconds(2)))
            .app(app -> app.resilience(models("primary", "backup")).engine(engine -> engine.modelSleeper(held)));

    private static ResilienceConfig models(String... names) {
        ResilienceConfig.Builder config = ResilienceConfig.builder();
        for (ModelTier tier : ModelTier.values()) {
            config.tier(tier, names);
        }
        return config.build();
    }

    /** The whole answer. */
    private static boolean isTheAnswer(String text) {
        return text.equals(E2EModel.answerTo(ASKED));
    }

    @Test
    void a_retry_after_of_30_seconds_shows_in_the_progress_message_then_the_answer_takes_its_place() {
        lucy.model().model("primary").enqueue(Fault.rateLimited(Duration.ofSeconds(30)));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, ASKED);
        SlackMessage note = lucy.awaitAnswer(question, text -> text.contains("asked me to wait"));

        assertThat(note.text())
                .as("said while the wait lasts, with when Lucy goes on")
                .matches("The AI model asked me to wait 30 s; I'll try again at \\d\\d:\\d\\d:\\d\\d UTC\\.");
        held.release.countDown();
        SlackMessage answer = lucy.awaitAnswer(question, ModelWaitsE2ETest::isTheAnswer);
        lucy.awaitSettled();

        assertThat(lucy.botMessages(question))
                .as("the note gave way to the answer: one message left")
                .extracting(SlackMessage::ts)
                .containsExactly(answer.ts());
        assertThat(lucy.slack().message(note.channel(), note.ts()))
                .as("the note streamed answers follow is removed once the answer shows")
                .hasValueSatisfying(m -> assertThat(m.deleted()).isTrue());
        assertThat(held.waits).containsExactly(Duration.ofSeconds(30));
        assertThat(lucy.model().requests()).extracting(ModelRequest::model).containsExactly("primary", "primary");
    }

    @Test
    void a_model_that_never_starts_its_answer_is_left_for_the_fallback_after_the_first_token_timeout() {
        lucy.model().model("primary").failWith(Fault.noAnswer());

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, ASKED);
        SlackMessage answer = lucy.awaitAnswer(question, ModelWaitsE2ETest::isTheAnswer);
        lucy.awaitSettled();

        assertThat(lucy.model().requests()).extracting(ModelRequest::model).containsExactly("primary", "backup");
        assertThat(lucy.botMessages(question)).extracting(SlackMessage::ts).containsExactly(answer.ts());
        assertThat(held.waits).as("no waiting: the next model is asked at once").isEmpty();
    }

    @Test
    void a_stream_cut_mid_way_is_started_over_once_and_the_person_keeps_one_whole_answer() {
        lucy.model().model("primary").enqueue(Fault.streamDropped("The billing service changed its first half"));

        SlackMessage question = lucy.user("alice").dmsBot(ASKED);
        SlackMessage answer = lucy.awaitAnswer(question, ModelWaitsE2ETest::isTheAnswer);
        lucy.awaitSettled();

        assertThat(lucy.botMessages(question))
                .as("one whole answer, and nothing left of the broken one")
                .extracting(SlackMessage::ts)
                .containsExactly(answer.ts());
        assertThat(lucy.slack().thread(question))
                .as("the broken answer was shown while it streamed, then taken away")
                .anyMatch(m -> m.fromBot() && m.deleted() && m.text().contains("first half"));
        assertThat(lucy.model().requests()).extracting(ModelRequest::model).containsExactly("primary", "primary");
    }
}

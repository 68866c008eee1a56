package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.request.RequestType;
import dev.lucy.testkit.slack.Delivery;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack sends an event again when its acknowledgement comes late (the seed's dedup race): the same
 * {@code event_id} with {@code retry_attempt} 1. Lucy answers it once.
 */
class RedeliveryE2ETest {
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([^\"]+)\"");

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            // A short ack deadline and one immediate retry, so the redelivery comes at once.
            .simulator(b -> b.ackTimeout(Duration.ofMillis(500)).retryDelays(Duration.ZERO));

    @Test
    void an_event_delivered_again_after_a_late_ack_is_answered_once() {
        // Lucy is slow to acknowledge the first delivery of the mention (as under a long GC pause): its first
        // attempt is held until Slack has given up on it, so Slack delivers the same event again.
        AtomicBoolean held = new AtomicBoolean();
        AtomicReference<String> heldEventId = new AtomicReference<>();
        lucy.app().transport().app().use((req, resp, chain) -> {
            String body = req.getRequestBodyAsString();
            if (req.getRequestType() == RequestType.Event
                    && body.contains("\"app_mention\"")
                    && body.contains("deploy freeze")
                    && held.compareAndSet(false, true)) {
                Matcher id = EVENT_ID.matcher(body);
                if (id.find()) {
                    heldEventId.set(id.group(1));
                    lucy.slack()
                            .awaitTrue(
                                    "Slack to give up on the first delivery",
                                    LucyE2E.WAIT,
                                    () -> lucy.slack().deliveries().stream()
                                            .anyMatch(
                                                    d -> d.eventId().orElse("").equals(id.group(1))
                                                            && d.outcome() == Delivery.Outcome.TIMED_OUT));
                }
            }
            return chain.next(req);
        });

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "when does the deploy freeze start?");
        lucy.awaitAnswer(question, text -> text.contains("deploy freeze"));
        lucy.awaitSettled();

        List<Delivery> attempts = lucy.slack().deliveries().stream()
                .filter(d -> d.eventId().isPresent() && d.eventId().get().equals(heldEventId.get()))
                .toList();
        assertThat(attempts)
                .as("the mention went out twice with the same event_id")
                .extracting(Delivery::retryAttempt)
                .containsExactly(0, 1);
        assertThat(attempts.get(1).outcome()).isEqualTo(Delivery.Outcome.ACKED);
        assertThat(lucy.botMessages(question)).as("answered once").hasSize(1);
        assertThat(lucy.model().requests())
                .filteredOn(r -> r.lastUserText().orElse("").contains("deploy freeze"))
                .hasSize(1);
    }
}

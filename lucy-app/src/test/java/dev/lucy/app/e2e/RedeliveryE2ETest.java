package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucy.app.slack.SlackTransport;
import dev.lucy.testkit.slack.Delivery;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack sends an event again when its acknowledgement comes late (the seed's dedup race): the same
 * {@code event_id} with {@code retry_attempt} 1. Lucy answers it once.
 */
class RedeliveryE2ETest {
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
        SlackTransport transport = lucy.app().transport();
        Predicate<JsonNode> reader = transport.eventsFirst();
        transport.readEventsFirst(payload -> {
            JsonNode event = payload.path("event");
            if (event.path("type").asText().equals("app_mention")
                    && event.path("text").asText().contains("deploy freeze")
                    && held.compareAndSet(false, true)) {
                String id = payload.path("event_id").asText();
                heldEventId.set(id);
                lucy.slack()
                        .awaitTrue(
                                "Slack to give up on the first delivery",
                                LucyE2E.WAIT,
                                () -> lucy.slack().deliveries().stream()
                                        .anyMatch(d -> d.eventId().orElse("").equals(id)
                                                && d.outcome() == Delivery.Outcome.TIMED_OUT));
            }
            return reader.test(payload);
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

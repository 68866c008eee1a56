package dev.lucy.testkit.slack;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt to deliver a Socket Mode envelope on one connection.
 *
 * @param envelopeId the envelope id the client must ack; the same for every attempt
 * @param type {@code events_api}, {@code interactive} or {@code slash_commands}
 * @param eventId the Events API {@code event_id}, for {@code events_api} envelopes
 * @param connectionId the connection the envelope went out on
 * @param retryAttempt 0 for the first delivery, then 1, 2, 3
 * @param retryReason empty on the first delivery, {@code timeout} on redeliveries
 * @param sentAt when it was written to the socket
 * @param outcome whether the client acked this attempt
 * @param ackPayload the {@code payload} sent with the ack, as JSON, when there was one
 */
public record Delivery(
        String envelopeId,
        String type,
        Optional<String> eventId,
        String connectionId,
        int retryAttempt,
        Optional<String> retryReason,
        Instant sentAt,
        Outcome outcome,
        Optional<String> ackPayload) {

    /** What became of one delivery attempt. */
    public enum Outcome {
        /** Sent, no ack yet, deadline not passed. */
        PENDING,
        /** The client acked it in time. */
        ACKED,
        /** No ack before the deadline; the envelope is redelivered unless the retries ran out. */
        TIMED_OUT
    }
}

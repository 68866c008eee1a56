package dev.lucy.core.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * An event the {@link Inbox} keeps until the person has their answer or a notice.
 *
 * @param event the message as it arrived
 * @param owner the process that holds it now (an instance name, the same across that instance's restarts)
 * @param attempt how many times it has been taken to be answered: 1 when received, one more each time a start
 *     resumes it. Finishing names the attempt, so a process that lost the entry to a later attempt cannot finish it
 * @param receivedAt when it was first received
 */
public record InboxEntry(InboundEvent event, String owner, int attempt, Instant receivedAt) {
    public InboxEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** The platform's id of the delivery, the entry's key. */
    public String eventId() {
        return event.eventId();
    }

    /** The same entry taken once more by {@code newOwner}. */
    public InboxEntry nextAttempt(String newOwner) {
        return new InboxEntry(event, newOwner, attempt + 1, receivedAt);
    }
}

package dev.lucy.core.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event the {@link Inbox} keeps until the person has their answer or a notice.
 *
 * @param event the message as it arrived
 * @param owner the process that holds it now (an instance name, the same across that instance's restarts)
 * @param attempt how many times it has been taken to be answered: 1 when received, one more each time a start
 *     resumes it. Finishing names the attempt, so a process that lost the entry to a later attempt cannot finish it
 * @param receivedAt when it was first received
 * @param drafts the messages in which earlier attempts began showing the answer ({@link Inbox#drafted}): a stream, or
 *     a progress note, that an attempt which stopped (a crash, a replica killed) left unfinished in the conversation.
 *     The next attempt removes them before it answers, so the person does not see a half-written answer above the
 *     whole one
 */
public record InboxEntry(InboundEvent event, String owner, int attempt, Instant receivedAt, List<String> drafts) {
    public InboxEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(receivedAt, "receivedAt");
        drafts = List.copyOf(drafts);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** An entry no attempt has drafted an answer for. */
    public InboxEntry(InboundEvent event, String owner, int attempt, Instant receivedAt) {
        this(event, owner, attempt, receivedAt, List.of());
    }

    /** The platform's id of the delivery, the entry's key. */
    public String eventId() {
        return event.eventId();
    }

    /** The same entry taken once more by {@code newOwner}. */
    public InboxEntry nextAttempt(String newOwner) {
        return new InboxEntry(event, newOwner, attempt + 1, receivedAt, drafts);
    }

    /** The same entry with {@code messageId} among its drafts. */
    public InboxEntry drafted(String messageId) {
        List<String> more = new ArrayList<>(drafts);
        more.add(Objects.requireNonNull(messageId, "messageId"));
        return new InboxEntry(event, owner, attempt, receivedAt, more);
    }
}

package dev.lucy.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where every event Lucy takes is kept from the moment it is received until the person has their answer or a
 * notice, so a shutdown or a crash in between loses nothing the platform was told was received.
 *
 * <p>{@link #receive} decides duplicates and records the event in one atomic step: of any number of concurrent
 * deliveries of one event (the same event id, or the same message in its conversation under another event id),
 * exactly one is {@link Receipt.Received}, and that one is kept until {@link #finish}. A platform adapter calls
 * it (through {@link LucyRuntime#submit}) before it acknowledges the delivery. {@link #resume} hands the entries
 * an earlier process of this owner left unfinished to a new attempt; an entry is taken by one caller only, and
 * finishing names the attempt, so a process that lost an entry to a newer attempt cannot finish it.
 *
 * <p>Thread safe, possibly blocking (durable inboxes). The default is {@link #inMemory}: deduplication through a
 * {@link DedupStore}, entries kept as long as the process. lucy-store keeps them in SQLite or PostgreSQL, in the
 * same transaction as the deduplication claims.
 */
public interface Inbox {

    /** Claims {@code event}'s delivery keys and, when it is the first, keeps it as unfinished (attempt 1). */
    Receipt receive(InboundEvent event);

    /** The person has their answer or a notice: forgets the entry, unless a newer attempt has taken it since. */
    void finish(InboxEntry entry);

    /**
     * Takes every entry of this inbox's owner that is not finished for a new attempt and returns them, oldest
     * first. An entry another caller took in the meantime is left out. Call at start, before taking new events.
     */
    List<InboxEntry> resume();

    /**
     * Takes every unfinished entry of owners that have not beaten for {@code silence} (see {@link Replicas}) for a
     * new attempt and returns them, oldest first; as with {@link #resume}, each entry goes to one caller only. The
     * default has no other owners.
     */
    default List<InboxEntry> takeOver(Duration silence) {
        return List.of();
    }

    /**
     * Whether entries outlive the process, so a cut run can promise to pick the work up after a restart. The
     * in-memory inbox is not.
     */
    default boolean durable() {
        return false;
    }

    /**
     * Records that {@code entry} waits for an agent run in its conversation, with what triage decided for it, so that
     * whichever replica holds the conversation's lease runs it ({@link #queuedRuns}). Changes nothing once the entry
     * is finished or taken by a newer attempt. Only a runtime with {@linkplain ConversationLeases#shared() shared
     * leases} calls it; the default refuses, as an inbox kept by one process has nobody to share its runs with.
     */
    default void queueRun(InboxEntry entry, TriageDecision.AgentRun run) {
        throw new UnsupportedOperationException(getClass().getName() + " does not share runs between replicas");
    }

    /**
     * The unfinished entries of {@code conversationId} waiting for a run ({@link #queueRun}), whichever replica
     * received them, in the order they were received (then by event id).
     */
    default List<QueuedRun> queuedRuns(String conversationId) {
        throw new UnsupportedOperationException(getClass().getName() + " does not share runs between replicas");
    }

    /**
     * Whether an unfinished entry of {@code conversationId} sent before {@code sentBefore} and received since
     * {@code receivedSince} is not yet waiting for a run: it is still being triaged, perhaps by another replica, and
     * the holder of the conversation's lease waits for it so that runs keep the order the messages were sent in. The
     * default, for an inbox with no other replicas, says no.
     */
    default boolean deciding(String conversationId, Instant sentBefore, Instant receivedSince) {
        return false;
    }

    /**
     * Takes {@code entry} for a new attempt by this inbox's owner (attempt + 1), if it is still at the attempt
     * {@code entry} names: how the holder of a conversation's lease takes over the runs other replicas received, so
     * that only one attempt can finish each. Empty when the entry was finished or taken by someone else since.
     */
    default Optional<InboxEntry> take(InboxEntry entry) {
        throw new UnsupportedOperationException(getClass().getName() + " does not share runs between replicas");
    }

    /**
     * Records that the attempt {@code entry} names began showing its answer in {@code messageId} (a stream, or a
     * progress note it will edit into the answer), so that if it stops before answering, the next attempt finds the
     * message among the entry's {@link InboxEntry#drafts()} and removes it. Changes nothing once the entry is finished
     * or taken by a newer attempt. The default keeps nothing: its entries end with the process.
     */
    default void drafted(InboxEntry entry, String messageId) {}

    /** An entry waiting for an agent run in its conversation, with what triage decided for it. */
    record QueuedRun(InboxEntry entry, TriageDecision.AgentRun run) {
        public QueuedRun {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(run, "run");
        }
    }

    /** The outcome of {@link #receive}. */
    sealed interface Receipt {
        /** The first delivery: kept until finished. */
        record Received(InboxEntry entry) implements Receipt {
            public Received {
                Objects.requireNonNull(entry, "entry");
            }
        }

        /** Seen before under {@code key} (the event id's key or the message's key): nothing is kept. */
        record Duplicate(String key) implements Receipt {
            public Duplicate {
                Objects.requireNonNull(key, "key");
            }
        }
    }

    /** The deduplication key of the delivery: redeliveries repeat the event id. */
    static String eventKey(InboundEvent event) {
        return "event:" + event.eventId();
    }

    /** The deduplication key of the message itself, whichever event delivered it. */
    static String messageKey(InboundEvent event) {
        return "message:" + event.conversationId() + ":" + event.messageId();
    }

    /**
     * An inbox in this process: {@code dedup} decides duplicates, entries live in memory. Owned by
     * {@code "local"}.
     */
    static Inbox inMemory(DedupStore dedup, Clock clock) {
        return new InMemoryInbox(Objects.requireNonNull(dedup, "dedup"), Objects.requireNonNull(clock, "clock"));
    }

    /** {@link #inMemory(DedupStore, Clock)} over {@link DedupStore#inMemory} with time to live {@code ttl}. */
    static Inbox inMemory(Duration ttl, Clock clock) {
        return inMemory(DedupStore.inMemory(ttl, clock), clock);
    }
}

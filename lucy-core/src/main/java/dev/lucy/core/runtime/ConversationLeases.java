package dev.lucy.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may run a conversation's agent runs right now, when several replicas of Lucy share one database: a lease per
 * conversation, held by one owner (a replica's instance name) until it is released or runs out.
 *
 * <p>Every grant carries a fence, a number larger than any earlier grant's for that conversation, so a holder that
 * lost its lease (a long pause, a network split) is told so when it renews, and cannot renew or release the lease of
 * the owner that took over. {@link #acquire} succeeds when the conversation is free, its lease ran out, or the owner
 * already holds it; each grant is new, with a new fence. {@link #renew} extends a
 * lease that is still the holder's and has not run out. Times come from the implementation's clock; replicas' clocks
 * are assumed to agree within a small part of the lease's time to live.
 *
 * <p>Thread safe, possibly blocking (durable leases). The default is {@link #single()}: one process serves every
 * conversation and its scheduler already runs one run at a time per conversation, so every lease is granted at once,
 * costs nothing and never runs out; the runtime does not even ask it. {@link #inMemory} keeps real leases in the
 * process (for tests, and for several runtimes in one process); lucy-store keeps them in PostgreSQL (or SQLite) for
 * several replicas.
 */
public interface ConversationLeases {

    /** Takes the conversation's lease for {@code owner} for {@code ttl}, unless another owner holds it. */
    Grant acquire(String conversationId, String owner, Duration ttl);

    /**
     * Extends {@code lease} to {@code ttl} from now, when it is still its owner's at its fence and has not run out.
     *
     * @return the extended lease, or empty when it was lost (another owner took over, or it ran out)
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /** Gives the lease up, when it is still the owner's at its fence; otherwise changes nothing. */
    void release(Lease lease);

    /**
     * Whether other processes share these leases, so the runtime must take one before each run. False only for
     * {@link #single()}.
     */
    default boolean shared() {
        return true;
    }

    /** One process, no lease needed: the default. Every lease is granted, never runs out, and is not shared. */
    static ConversationLeases single() {
        return SingleProcessLeases.INSTANCE;
    }

    /** Leases kept in this process on {@code clock}: several runtimes in one process can share them. */
    static ConversationLeases inMemory(Clock clock) {
        return new InMemoryConversationLeases(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * A conversation's lease as granted.
     *
     * @param conversationId the conversation it is for
     * @param owner who holds it (a replica's instance name)
     * @param fence larger than every earlier grant's for this conversation
     * @param expiresAt when it runs out unless renewed; other owners may take it from then on
     */
    record Lease(String conversationId, String owner, long fence, Instant expiresAt) {
        public Lease {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** The outcome of {@link #acquire}. */
    sealed interface Grant {
        /** The lease is the caller's until {@link Lease#expiresAt()}. */
        record Granted(Lease lease) implements Grant {
            public Granted {
                Objects.requireNonNull(lease, "lease");
            }
        }

        /** Another owner holds the lease until {@code until}, unless it renews or releases it. */
        record Held(String owner, Instant until) implements Grant {
            public Held {
                Objects.requireNonNull(owner, "owner");
                Objects.requireNonNull(until, "until");
            }
        }
    }
}

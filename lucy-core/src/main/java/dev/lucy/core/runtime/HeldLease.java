package dev.lucy.core.runtime;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A conversation lease this process holds while it runs the conversation's queued runs: renewed every third of its
 * time to live, released at the end, and the {@link RunFence} of every run under it.
 *
 * <p>It holds while it was not found lost and the clock is a tenth of the time to live short of the expiry it last
 * renewed to: after a long pause the clock shows that the lease ran out before any renewal could say so, and the
 * tenth absorbs small differences between replicas' clocks. A renewal that finds the lease taken marks it lost and
 * interrupts the run in progress. A renewal that fails (the database unreachable) changes nothing: the next one tries
 * again, and if none gets through the lease stops holding when it runs out.
 */
final class HeldLease implements RunFence {
    private static final System.Logger LOG = System.getLogger(HeldLease.class.getName());

    private final ConversationLeases leases;
    private final Clock clock;
    private final Duration ttl;
    private final Duration margin;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ConversationLeases.Lease lease;
    private volatile boolean lost;
    private volatile Thread running;
    private volatile ScheduledFuture<?> heartbeat;

    /** A lease just granted; {@code asked} is when this process asked for it. */
    HeldLease(ConversationLeases.Lease lease, Instant asked, ConversationLeases leases, Clock clock, Duration ttl) {
        this.lease = counted(lease, asked, ttl);
        this.leases = leases;
        this.clock = clock;
        this.ttl = ttl;
        this.margin = ttl.dividedBy(10);
    }

    /**
     * The lease with its expiry as this process counts it: from before it asked, so never later than the store's.
     */
    private static ConversationLeases.Lease counted(ConversationLeases.Lease lease, Instant asked, Duration ttl) {
        Instant expiry = asked.plus(ttl);
        return expiry.isBefore(lease.expiresAt())
                ? new ConversationLeases.Lease(lease.conversationId(), lease.owner(), lease.fence(), expiry)
                : lease;
    }

    /** Starts renewing every third of the time to live on {@code timers}, each renewal on a virtual thread. */
    HeldLease renewEvery(ScheduledExecutorService timers) {
        long every = Math.max(1, ttl.toMillis() / 3);
        try {
            heartbeat = timers.scheduleAtFixedRate(
                    () -> Thread.ofVirtual().name("lucy-lease-renewal").start(this::renew),
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // Stopping: without renewals the lease stops holding when it runs out.
        }
        return this;
    }

    @Override
    public boolean holds() {
        return !lost && clock.instant().isBefore(lease.expiresAt().minus(margin));
    }

    ConversationLeases.Lease lease() {
        return lease;
    }

    /** The thread running a run under this lease, interrupted if the lease is found lost; null between runs. */
    void running(Thread thread) {
        this.running = thread;
    }

    void renew() {
        if (ended.get() || lost) {
            return;
        }
        ConversationLeases.Lease current = lease;
        Instant asked = clock.instant();
        Optional<ConversationLeases.Lease> renewed;
        try {
            renewed = leases.renew(current, ttl);
        } catch (RuntimeException e) {
            warnCouldNot("renew", current, "trying again, and its runs stop writing", e);
            return;
        }
        if (renewed.isPresent()) {
            lease = counted(renewed.get(), asked, ttl);
        } else if (!ended.get()) {
            lost = true;
            LOG.log(
                    Level.WARNING,
                    "lost the lease of conversation " + current.conversationId() + " (fence " + current.fence()
                            + "): another replica took it over; stopping the run here, its writes are refused");
            Thread thread = running;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Stops renewing and gives the lease up unless it was lost; safe to call more than once. */
    void release() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        if (lost) {
            return;
        }
        try {
            leases.release(lease);
        } catch (RuntimeException e) {
            warnCouldNot("release", lease, "other replicas take it", e);
        }
    }

    /** "could not ACTION the lease of conversation C; MEANWHILE when it runs out at T", with the cause. */
    private static void warnCouldNot(
            String action, ConversationLeases.Lease lease, String meanwhile, RuntimeException cause) {
        LOG.log(
                Level.WARNING,
                "could not " + action + " the lease of conversation " + lease.conversationId() + "; " + meanwhile
                        + " when it runs out at " + lease.expiresAt(),
                cause);
    }
}

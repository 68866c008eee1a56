package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.runtime.Participation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads Lucy takes part in: where it was mentioned, was written to directly, or posted. A reply in such a
 * thread reaches Lucy without a new mention. Kept in a {@link Participation} store (the database, so a restart or
 * another replica knows it too) behind a bounded cache of this process: a thread already known is neither written
 * nor read again until its entry is an hour old. Threads quiet for longer than the quiet period are forgotten. A
 * store that fails costs the durability of one entry, never a post: the failure is logged and the cache still
 * answers. Thread safe.
 */
public final class ThreadParticipation {
    public static final long DEFAULT_MAX_THREADS = 100_000;
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);
    private static final Duration REFRESH = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(ThreadParticipation.class);

    private final Participation store;
    private final Duration quietPeriod;
    private final Clock clock;
    /** Conversation id to when this process last wrote (or read) it in the store. */
    private final Cache<String, Instant> threads;

    public ThreadParticipation(long maxThreads, Duration quietPeriod, Participation store, Clock clock) {
        this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threads = Caffeine.newBuilder()
                .maximumSize(maxThreads)
                .expireAfterAccess(quietPeriod)
                .build();
    }

    /**
     * {@value #DEFAULT_MAX_THREADS} threads of this process, each remembered for a week after its last activity,
     * nothing kept beyond the process.
     */
    public static ThreadParticipation defaults() {
        return over(Participation.none(), Clock.systemUTC());
    }

    /** The defaults, kept in {@code store}. */
    public static ThreadParticipation over(Participation store, Clock clock) {
        return new ThreadParticipation(DEFAULT_MAX_THREADS, DEFAULT_QUIET_PERIOD, store, clock);
    }

    /** Lucy is now part of this conversation. */
    public void joined(SlackConversation conversation) {
        Instant now = clock.instant();
        Instant known = threads.getIfPresent(conversation.id());
        if (known != null && known.plus(REFRESH).isAfter(now)) {
            return;
        }
        threads.put(conversation.id(), now);
        try {
            store.joined(conversation.id(), now);
        } catch (RuntimeException e) {
            LOG.warn("could not record that Lucy takes part in a thread; this process still knows: {}", e.toString());
        }
    }

    /** Whether Lucy is known to take part in this conversation. */
    public boolean takesPart(SlackConversation conversation) {
        if (threads.getIfPresent(conversation.id()) != null) {
            return true;
        }
        Instant now = clock.instant();
        try {
            if (store.takesPart(conversation.id(), now.minus(quietPeriod))) {
                threads.put(conversation.id(), now);
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read whether Lucy takes part in a thread: {}", e.toString());
        }
        return false;
    }
}

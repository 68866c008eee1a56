package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;

/**
 * The threads Lucy takes part in: where it was mentioned, was written to directly, or posted. A reply in such a
 * thread reaches Lucy without a new mention. Bounded and forgetful (entries expire after a quiet period), so a
 * restart or an eviction only means the next reply needs a mention or a look at the thread's history. Thread
 * safe.
 */
public final class ThreadParticipation {
    public static final long DEFAULT_MAX_THREADS = 100_000;
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);

    private final Cache<String, Boolean> threads;

    public ThreadParticipation(long maxThreads, Duration quietPeriod) {
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        this.threads = Caffeine.newBuilder()
                .maximumSize(maxThreads)
                .expireAfterAccess(quietPeriod)
                .build();
    }

    /** {@value #DEFAULT_MAX_THREADS} threads, each remembered for a week after its last activity. */
    public static ThreadParticipation defaults() {
        return new ThreadParticipation(DEFAULT_MAX_THREADS, DEFAULT_QUIET_PERIOD);
    }

    /** Lucy is now part of this conversation. */
    public void joined(SlackConversation conversation) {
        threads.put(conversation.id(), Boolean.TRUE);
    }

    /** Whether Lucy is known to take part in this conversation. */
    public boolean takesPart(SlackConversation conversation) {
        return threads.getIfPresent(conversation.id()) != null;
    }
}

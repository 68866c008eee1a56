package dev.lucy.testkit.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fixed-window counters per method (and channel, where Slack counts per channel). Also counts the calls it refused,
 * and those that came again for the same method and scope before the {@code Retry-After} they were given had
 * passed. Thread safe.
 */
final class RateLimiter {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Window> windows = new HashMap<>();
    /** Per limited key, the time its last 429 said to come back at. */
    private final Map<String, Instant> notBefore = new HashMap<>();

    private long refused;
    private long early;
    private volatile RateLimits limits = RateLimits.off();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    void limits(RateLimits limits) {
        lock.lock();
        try {
            this.limits = limits;
            windows.clear();
            notBefore.clear();
            refused = 0;
            early = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls answered with 429 so far, and calls that came before the {@code Retry-After} of an earlier 429 for the
     * same method and scope had passed.
     */
    record Counts(long refused, long early) {}

    Counts counts() {
        lock.lock();
        try {
            return new Counts(refused, early);
        } finally {
            lock.unlock();
        }
    }

    /** Counts one call; returns how long to wait (whole seconds, as Slack says) when the call is over the limit. */
    Optional<Duration> acquire(String method, String teamId, String channel) {
        Optional<RateLimits.Limit> maybeLimit = limits.limitFor(method);
        if (maybeLimit.isEmpty()) {
            return Optional.empty();
        }
        RateLimits.Limit limit = maybeLimit.get();
        String key = method + "|" + teamId + (limit.perChannel() ? "|" + channel : "");
        Instant now = clock.instant();
        lock.lock();
        try {
            Instant due = notBefore.get(key);
            if (due != null && now.isBefore(due)) {
                early++;
            }
            Window window = windows.get(key);
            if (window == null || !now.isBefore(window.start.plus(limit.window()))) {
                window = new Window(now);
                windows.put(key, window);
            }
            if (window.count < limit.permits()) {
                window.count++;
                return Optional.empty();
            }
            long millis =
                    Duration.between(now, window.start.plus(limit.window())).toMillis();
            Duration retryAfter = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
            refused++;
            notBefore.put(key, now.plus(retryAfter));
            return Optional.of(retryAfter);
        } finally {
            lock.unlock();
        }
    }

    private static final class Window {
        final Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }
}

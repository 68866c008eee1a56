package dev.lucy.testkit.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Fixed-window counters per method (and channel, where Slack counts per channel). Thread safe. */
final class RateLimiter {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Window> windows = new HashMap<>();
    private volatile RateLimits limits = RateLimits.off();

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    void limits(RateLimits limits) {
        lock.lock();
        try {
            this.limits = limits;
            windows.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Counts one call; returns how long to wait when the call is over the limit. */
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
            Window window = windows.get(key);
            if (window == null || !now.isBefore(window.start.plus(limit.window()))) {
                window = new Window(now);
                windows.put(key, window);
            }
            if (window.count < limit.permits()) {
                window.count++;
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, window.start.plus(limit.window())));
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

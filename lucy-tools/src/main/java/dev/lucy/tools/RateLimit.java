package dev.lucy.tools;

import static dev.lucy.core.Check.positive;

import java.time.Duration;

/**
 * A provider's request budget, shared by every workspace calling it from this process: {@code capacity} calls at
 * once, refilled at {@code capacity} per {@code period}.
 *
 * @param capacity calls allowed in a burst
 * @param period time to refill the whole capacity
 */
public record RateLimit(long capacity, Duration period) {
    public RateLimit {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        positive(period, "period");
    }

    public static RateLimit perSecond(long calls) {
        return new RateLimit(calls, Duration.ofSeconds(1));
    }

    public static RateLimit perMinute(long calls) {
        return new RateLimit(calls, Duration.ofMinutes(1));
    }
}

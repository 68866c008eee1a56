package dev.lucy.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * How the retry stage retries read-only and idempotent calls that failed with a passing error ({@code retryable},
 * {@code rate_limited}). Writing, non-idempotent and destructive calls are never retried.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff wait before the second attempt
 * @param multiplier growth of the wait per attempt
 * @param maxBackoff longest single wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
    }

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    Duration backoff(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 2);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}

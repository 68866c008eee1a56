package dev.lucy.core.model;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Shared token buckets that keep calls within a provider's rate limits (requests or tokens per period), so a burst
 * of conversations queues instead of earning 429s.
 *
 * <p>A reservation is taken at once, even when the bucket is overdrawn; the answer says how long the caller must
 * wait before spending it. Reserving and waiting are apart so that a shared implementation (one atomic statement
 * in PostgreSQL, say) never holds a lock or a connection while a caller waits. Callers wait on their own clock.
 *
 * <p>Implementations are thread safe and never block. The default is {@link #inMemory(Clock)}, which counts within
 * one process.
 */
public interface RateBudget {

    /**
     * Reserves {@code amount} from the budget named {@code key}, which refills at {@code limit}.
     *
     * @param amount what the call will spend; more than the whole limit is reserved as the whole limit
     * @return how long to wait before spending it (zero: at once); empty, with nothing reserved, when the wait would
     *     be longer than {@code maxWait}
     */
    Optional<Duration> reserve(String key, Limit limit, long amount, Duration maxWait);

    /**
     * Corrects an earlier reservation once the real amount is known: a positive {@code delta} gives unused budget
     * back, a negative one spends more without waiting.
     */
    void adjust(String key, Limit limit, long delta);

    /** Budgets held in this process's memory, on {@code clock}. */
    static RateBudget inMemory(Clock clock) {
        return new InMemoryRateBudget(clock);
    }

    /**
     * A refill rate: {@code amount} per {@code period}, for example 60 requests per minute. A full bucket lets a
     * burst of {@code amount} through at once.
     */
    record Limit(long amount, Duration period) {
        public Limit {
            Objects.requireNonNull(period, "period");
            if (amount < 1) {
                throw new IllegalArgumentException("limit amount must be positive: " + amount);
            }
            if (!period.isPositive()) {
                throw new IllegalArgumentException("limit period must be positive: " + period);
            }
            if (period.compareTo(Duration.ofNanos(amount)) < 0) {
                throw new IllegalArgumentException(
                        "limit: " + amount + " per " + period + " refills faster than one per nanosecond");
            }
        }

        public static Limit perMinute(long amount) {
            return new Limit(amount, Duration.ofMinutes(1));
        }
    }
}

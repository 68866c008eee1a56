package dev.lucy.core;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A token bucket on an injected clock: it holds up to {@code capacity} tokens and refills them evenly, so a burst
 * of up to the capacity passes at once and a steady rate after it. Every rate limit in Lucy counts through one:
 * {@code RateBudget.inMemory}, the runtime's limits per workspace and person, the tool pipeline's per provider and
 * the bot's posting pace per channel.
 *
 * <p>bucket4j does the counting; this class only gives it the caller's clock, so tests drive refills with a fake
 * one. Thread safe; never blocks: a caller that must wait does so on its own {@link Sleeper}.
 */
public final class TokenBucket {
    private final Bucket bucket;

    private TokenBucket(Bucket bucket) {
        this.bucket = bucket;
    }

    /**
     * A full bucket of {@code capacity} tokens that gains {@code refill} tokens every {@code period}, continuously
     * (half a period brings half of them), reading time from {@code clock}.
     */
    public static TokenBucket of(long capacity, long refill, Duration period, InstantSource clock) {
        Objects.requireNonNull(period, "period");
        TimeMeter time = new ClockTime(Objects.requireNonNull(clock, "clock"));
        return new TokenBucket(Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, period))
                .withCustomTimePrecision(time)
                .build());
    }

    /**
     * Takes {@code tokens} if the bucket holds them.
     *
     * @return empty when they were taken; otherwise how long until the bucket holds them, with nothing taken
     */
    public Optional<Duration> tryTake(long tokens) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /**
     * Reserves {@code tokens} now, overdrawing the bucket if need be, when they will be covered within
     * {@code maxWait}; the caller waits before spending them.
     *
     * @return how long until the reservation is covered (zero: at once); empty, with nothing reserved, when that is
     *     longer than {@code maxWait}
     */
    public Optional<Duration> reserve(long tokens, Duration maxWait) {
        if (!maxWait.isPositive()) {
            return bucket.tryConsume(tokens) ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        // bucket4j reserves first and then asks its strategy to park; recording instead of parking turns the
        // blocking call into a pure reservation.
        long[] wait = {0};
        BlockingStrategy record = nanos -> wait[0] = nanos;
        try {
            return bucket.asBlocking().tryConsume(tokens, maxWait.toNanos(), record)
                    ? Optional.of(Duration.ofNanos(wait[0]))
                    : Optional.empty();
        } catch (InterruptedException impossible) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Takes {@code tokens} whatever the bucket holds, overdrawing it: for a spend learned after the fact. */
    public void takeAnyway(long tokens) {
        bucket.consumeIgnoringRateLimits(tokens);
    }

    /** Puts {@code tokens} back, up to the capacity. */
    public void giveBack(long tokens) {
        bucket.addTokens(tokens);
    }

    /** bucket4j reads time through this, in nanoseconds since the epoch of the caller's clock. */
    private record ClockTime(InstantSource clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}

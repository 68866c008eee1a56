package dev.lucy.core.model;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Bucket4j buckets in a map, one per key; a changed limit for a key starts a fresh bucket. */
final class InMemoryRateBudget implements RateBudget {
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Keyed> buckets = new ConcurrentHashMap<>();

    InMemoryRateBudget(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public Optional<Duration> reserve(String key, Limit limit, long amount, Duration maxWait) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(maxWait, "maxWait");
        if (amount <= 0) {
            return Optional.of(Duration.ZERO);
        }
        Bucket bucket = bucket(key, limit);
        long take = Math.min(amount, limit.amount());
        // Bucket4j reserves first and then asks its strategy to park; recording instead of parking turns the
        // blocking call into a pure reservation, and the caller waits on its own injected clock.
        if (!maxWait.isPositive()) {
            if (!bucket.tryConsume(take)) {
                return Optional.empty();
            }
            if (amount > take) {
                bucket.consumeIgnoringRateLimits(amount - take);
            }
            return Optional.of(Duration.ZERO);
        }
        long[] wait = {0};
        BlockingStrategy record = nanos -> wait[0] = nanos;
        boolean reserved;
        try {
            reserved = bucket.asBlocking().tryConsume(take, maxWait.toNanos(), record);
        } catch (InterruptedException impossible) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (!reserved) {
            return Optional.empty();
        }
        if (amount > take) {
            bucket.consumeIgnoringRateLimits(amount - take);
        }
        return Optional.of(Duration.ofNanos(wait[0]));
    }

    @Override
    public void adjust(String key, Limit limit, long delta) {
        Bucket bucket = bucket(key, limit);
        if (delta > 0) {
            bucket.addTokens(delta);
        } else if (delta < 0) {
            bucket.consumeIgnoringRateLimits(-delta);
        }
    }

    private Bucket bucket(String key, Limit limit) {
        Objects.requireNonNull(limit, "limit");
        return buckets.compute(
                        key,
                        (k, existing) -> existing != null && existing.limit.equals(limit)
                                ? existing
                                : new Keyed(limit, newBucket(limit)))
                .bucket;
    }

    private Bucket newBucket(Limit limit) {
        return Bucket.builder()
                .addLimit(b -> b.capacity(limit.amount()).refillGreedy(limit.amount(), limit.period()))
                .withCustomTimePrecision(time)
                .build();
    }

    private record Keyed(RateBudget.Limit limit, Bucket bucket) {}
}

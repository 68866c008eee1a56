package dev.lucy.core.model;

import dev.lucy.core.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Token buckets in a map, one per key; a changed limit for a key starts a fresh bucket. */
final class InMemoryRateBudget implements RateBudget {
    private final Clock clock;
    private final ConcurrentHashMap<String, Keyed> buckets = new ConcurrentHashMap<>();

    InMemoryRateBudget(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Duration> reserve(String key, Limit limit, long amount, Duration maxWait) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(maxWait, "maxWait");
        if (amount <= 0) {
            return Optional.of(Duration.ZERO);
        }
        TokenBucket bucket = bucket(key, limit);
        long take = Math.min(amount, limit.amount());
        Optional<Duration> wait = bucket.reserve(take, maxWait);
        if (wait.isPresent() && amount > take) {
            bucket.takeAnyway(amount - take);
        }
        return wait;
    }

    @Override
    public void adjust(String key, Limit limit, long delta) {
        TokenBucket bucket = bucket(key, limit);
        if (delta > 0) {
            bucket.giveBack(delta);
        } else if (delta < 0) {
            bucket.takeAnyway(-delta);
        }
    }

    private TokenBucket bucket(String key, Limit limit) {
        Objects.requireNonNull(limit, "limit");
        return buckets.compute(
                        key,
                        (k, existing) -> existing != null && existing.limit.equals(limit)
                                ? existing
                                : new Keyed(
                                        limit, TokenBucket.of(limit.amount(), limit.amount(), limit.period(), clock)))
                .bucket;
    }

    private record Keyed(RateBudget.Limit limit, TokenBucket bucket) {}
}

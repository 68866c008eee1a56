package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which deliveries were already seen, so a redelivered event never causes a second run.
 *
 * <p>{@link #firstSeen} is an atomic check-and-set: of any number of concurrent calls with one key, exactly one
 * returns {@code true}. Keys are remembered for at least the store's time to live. Thread safe, possibly
 * blocking (durable stores). The default is {@link #inMemory}; lucy-store has SQLite and PostgreSQL versions
 * for several replicas (a unique insert).
 */
@FunctionalInterface
public interface DedupStore {

    /** Records {@code key} and returns whether this call was the first to see it. */
    boolean firstSeen(String key);

    /** An in-process store: a bounded Caffeine cache whose entries expire {@code ttl} after they were written. */
    static DedupStore inMemory(Duration ttl, Clock clock) {
        Cache<String, Boolean> seen = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(1_000_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
        return key -> seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }
}

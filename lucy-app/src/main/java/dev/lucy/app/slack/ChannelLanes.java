package dev.lucy.app.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.TokenBucket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lane per channel: a fair lock that keeps a channel's posts, edits and deletions in the order they were
 * asked for (waiting and retrying included), and a {@link TokenBucket} that paces {@code chat.postMessage}
 * to about one per second per channel with short bursts.
 *
 * <p>Locks exist only while someone uses them (reference counted), so idle channels cost nothing. Buckets are
 * kept in a bounded Caffeine cache and forgotten after a quiet period longer than a full refill, when
 * forgetting them loses nothing.
 */
final class ChannelLanes {
    private static final long MAX_BUCKETS = 100_000;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Cache<String, TokenBucket> buckets;
    private final int burst;
    private final Duration interval;
    private final InstantSource clock;
    private final SlackCalls calls;

    ChannelLanes(int burst, Duration interval, InstantSource clock, SlackCalls calls) {
        this.burst = burst;
        this.interval = interval;
        this.calls = calls;
        this.clock = clock;
        Duration refill = interval.multipliedBy(burst);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfterAccess(refill.plus(Duration.ofMinutes(1)))
                .build();
    }

    /** Runs {@code work} alone in {@code channel}'s lane, after everything that asked for the lane before it. */
    <T> T inLane(String channel, Supplier<T> work) {
        Lane lane = lanes.compute(channel, (key, existing) -> {
            Lane l = existing == null ? new Lane() : existing;
            l.users++;
            return l;
        });
        lane.lock.lock();
        try {
            return work.get();
        } finally {
            lane.lock.unlock();
            lanes.computeIfPresent(channel, (key, l) -> --l.users == 0 ? null : l);
        }
    }

    /** Waits until {@code channel} may get another message; call it inside the channel's lane. */
    void pace(String channel, String method) {
        TokenBucket bucket = buckets.get(channel, key -> TokenBucket.of(burst, 1, interval, clock));
        for (Optional<Duration> wait = bucket.tryTake(1); wait.isPresent(); wait = bucket.tryTake(1)) {
            calls.sleep(method, Duration.ofNanos(Math.max(1, wait.get().toNanos())));
        }
    }

    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock(true);
        int users; // changed only inside ConcurrentHashMap.compute for this key
    }
}

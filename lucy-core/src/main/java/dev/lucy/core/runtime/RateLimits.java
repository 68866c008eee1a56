package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Abuse protection: a token bucket per workspace and per person (bucket4j), refilled every minute. Buckets of
 * quiet keys expire, so memory stays bounded however many keys appear.
 */
final class RateLimits {
    private final Cache<String, Bucket> buckets;
    private final int workspacePerMinute;
    private final int userPerMinute;
    private final TimeMeter time;

    RateLimits(int workspacePerMinute, int userPerMinute, Clock clock) {
        this.workspacePerMinute = workspacePerMinute;
        this.userPerMinute = userPerMinute;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(1_000_000)
                .build();
    }

    /** Takes one message from both buckets; when either is empty, how long until it has one again. */
    Optional<Duration> tryAcquire(String workspaceId, String userId) {
        Bucket workspace = buckets.get("w:" + workspaceId, key -> bucket(workspacePerMinute));
        Bucket user = buckets.get("u:" + workspaceId + ":" + userId, key -> bucket(userPerMinute));
        ConsumptionProbe userProbe = user.tryConsumeAndReturnRemaining(1);
        if (!userProbe.isConsumed()) {
            return Optional.of(Duration.ofNanos(userProbe.getNanosToWaitForRefill()));
        }
        ConsumptionProbe workspaceProbe = workspace.tryConsumeAndReturnRemaining(1);
        if (!workspaceProbe.isConsumed()) {
            user.addTokens(1);
            return Optional.of(Duration.ofNanos(workspaceProbe.getNanosToWaitForRefill()));
        }
        return Optional.empty();
    }

    private Bucket bucket(int perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .withCustomTimePrecision(time)
                .build();
    }
}

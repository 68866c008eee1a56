package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Abuse protection: a token bucket per workspace and per person, refilled every minute. Buckets of quiet keys
 * expire, so memory stays bounded however many keys appear.
 */
final class RateLimits {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Cache<String, TokenBucket> buckets;
    private final int workspacePerMinute;
    private final int userPerMinute;
    private final Clock clock;

    RateLimits(int workspacePerMinute, int userPerMinute, Clock clock) {
        this.workspacePerMinute = workspacePerMinute;
        this.userPerMinute = userPerMinute;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(1_000_000)
                .build();
    }

    /** Takes one message from both buckets; when either is empty, how long until it has one again. */
    Optional<Duration> tryAcquire(String workspaceId, String userId) {
        TokenBucket workspace = buckets.get("w:" + workspaceId, key -> bucket(workspacePerMinute));
        TokenBucket user = buckets.get("u:" + workspaceId + ":" + userId, key -> bucket(userPerMinute));
        Optional<Duration> userWait = user.tryTake(1);
        if (userWait.isPresent()) {
            return userWait;
        }
        Optional<Duration> workspaceWait = workspace.tryTake(1);
        if (workspaceWait.isPresent()) {
            user.giveBack(1);
        }
        return workspaceWait;
    }

    private TokenBucket bucket(int perMinute) {
        return TokenBucket.of(perMinute, perMinute, MINUTE, clock);
    }
}

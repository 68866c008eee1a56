package dev.lucy.tools;

import dev.lucy.core.TokenBucket;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One token bucket per provider, shared by every workspace: an external API's limit is the API's, not a
 * workspace's. A call finding the bucket empty is answered at once with how long to wait. The buckets are
 * {@link TokenBucket}s in this process, or, given a {@link RateBudget}, budgets keyed {@code tool-provider:<provider>} in it (a
 * {@code JdbcRateBudget} on PostgreSQL shares them across replicas).
 */
final class RateLimitStage implements ToolInterceptor {
    static final String BUDGET_KEY_PREFIX = "tool-provider:";

    private final Function<String, RateLimit> limits;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final RateBudget shared;

    RateLimitStage(Function<String, RateLimit> limits, Clock clock) {
        this(limits, clock, null);
    }

    RateLimitStage(Function<String, RateLimit> limits, RateBudget shared) {
        this(limits, Clock.systemUTC(), shared);
    }

    private RateLimitStage(Function<String, RateLimit> limits, Clock clock, RateBudget shared) {
        this.limits = limits;
        this.shared = shared;
        this.clock = clock;
    }

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        String provider = request.tool().provider();
        RateLimit limit = limits.apply(provider);
        if (limit == null) {
            return chain.proceed(request);
        }
        if (shared != null) {
            RateBudget.Limit budget = new RateBudget.Limit(limit.capacity(), limit.period());
            if (shared.reserve(BUDGET_KEY_PREFIX + provider, budget, 1, Duration.ZERO)
                    .isEmpty()) {
                // Refused reservations take nothing and say nothing about the wait: one token's refill time.
                return limited(provider, limit.period().dividedBy(limit.capacity()));
            }
            return chain.proceed(request);
        }
        TokenBucket bucket = buckets.computeIfAbsent(
                provider, p -> TokenBucket.of(limit.capacity(), limit.capacity(), limit.period(), clock));
        Optional<Duration> wait = bucket.tryTake(1);
        if (wait.isPresent()) {
            return limited(provider, wait.get());
        }
        return chain.proceed(request);
    }

    private static ToolResult limited(String provider, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return ToolResult.failure(
                ToolError.RATE_LIMITED,
                provider + " is at its request limit; try again in about " + seconds + " s or do something else"
                        + " first");
    }
}

package dev.lucy.tools;

import dev.lucy.core.Sleeper;
import dev.lucy.core.model.RateBudget;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ToolInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** The standard stages of a {@link ToolPipeline}, one factory per stage. */
public final class ToolInterceptors {
    private ToolInterceptors() {}

    /** Parses arguments and validates them against the tool's JSON Schema. */
    public static ToolInterceptor validation() {
        return new ValidationStage();
    }

    /** Answers "connection required" with the connect link when the provider is not connected. */
    public static ToolInterceptor authorization(ConnectionResolver connections) {
        return new AuthorizationStage(Objects.requireNonNull(connections, "connections"));
    }

    /** Holds destructive calls for a human decision through {@code gate}. */
    public static ToolInterceptor approval(ApprovalGate gate) {
        return new ApprovalStage(Optional.of(gate));
    }

    /** Refuses every destructive call: for deployments where nobody can approve. */
    public static ToolInterceptor refuseDestructive() {
        return new ApprovalStage(Optional.empty());
    }

    /** One token bucket per provider (shared by all workspaces); providers without a limit pass freely. */
    public static ToolInterceptor rateLimit(Map<String, RateLimit> limitsByProvider, Clock clock) {
        Map<String, RateLimit> limits = Map.copyOf(limitsByProvider);
        return rateLimit(limits::get, clock);
    }

    /** One token bucket per provider, its limit given by {@code limits} (null for none). */
    public static ToolInterceptor rateLimit(Function<String, RateLimit> limits, Clock clock) {
        return new RateLimitStage(Objects.requireNonNull(limits, "limits"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * One token bucket per provider, kept in {@code budget} under the key {@code tool-provider:<provider>}: with a
     * {@code JdbcRateBudget} on a shared PostgreSQL, every replica draws on the same buckets.
     */
    public static ToolInterceptor rateLimit(Function<String, RateLimit> limits, RateBudget budget) {
        return new RateLimitStage(Objects.requireNonNull(limits, "limits"), Objects.requireNonNull(budget, "budget"));
    }

    /** A circuit breaker per provider with Lucy's defaults (see {@link #defaultBreakerConfig(Clock)}). */
    public static ToolInterceptor circuitBreaker(Clock clock) {
        return circuitBreaker(defaultBreakerConfig(clock));
    }

    /** A circuit breaker per provider configured by {@code config}. */
    public static ToolInterceptor circuitBreaker(CircuitBreakerConfig config) {
        return new CircuitBreakerStage(Objects.requireNonNull(config, "config"));
    }

    /**
     * Opens after at least 5 calls of which half failed, within the last 20; stays open 30 s, then lets 2 trial
     * calls through.
     */
    public static CircuitBreakerConfig defaultBreakerConfig(Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(20, 5, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .clock(clock)
                .build();
    }

    /** Cuts each call at its tool's time budget. */
    public static ToolInterceptor timeout() {
        return new TimeoutStage();
    }

    /** Retries passing failures of read-only and idempotent tools. */
    public static ToolInterceptor retry(RetryPolicy policy, Sleeper sleeper) {
        return new RetryStage(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(sleeper, "sleeper"));
    }

    /** Compacts JSON, caps the size with a marker and flags paginated answers. */
    public static ToolInterceptor normalization(ResultLimits limits) {
        return new NormalizationStage(Objects.requireNonNull(limits, "limits"));
    }

    /** Records outcomes and latencies. */
    public static ToolInterceptor metrics(UsageStatistics usage, ToolMetrics metrics) {
        return metrics(usage, metrics, System::nanoTime);
    }

    /** Records outcomes and latencies, timing with {@code nanoTime}. */
    public static ToolInterceptor metrics(UsageStatistics usage, ToolMetrics metrics, LongSupplier nanoTime) {
        return new MetricsStage(
                Objects.requireNonNull(usage, "usage"),
                Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(nanoTime, "nanoTime"));
    }
}

package dev.lucy.tools;

import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Records every call's outcome in the SLO counters, and successes and the tool's own failures (with latency) in the
 * usage statistics that feed the capability index and retrieval.
 */
record MetricsStage(UsageStatistics usage, ToolMetrics metrics, LongSupplier nanoTime) implements ToolInterceptor {
    @Override
    public ToolResult intercept(Chain chain) {
        long start = nanoTime.getAsLong();
        ToolResult result = chain.proceed(chain.request());
        long elapsed = nanoTime.getAsLong() - start;
        String tool = chain.request().tool().name();
        switch (result) {
            case ToolResult.Success success -> {
                usage.record(tool, true, Duration.ofNanos(elapsed));
                metrics.record(null, elapsed);
            }
            case ToolResult.Failure failure -> {
                // Refusals (missing connection, no approval, bad arguments) say nothing about the tool itself.
                if (failure.error().countsAgainstHealth()) {
                    usage.record(tool, false, Duration.ofNanos(elapsed));
                }
                metrics.record(failure.error(), elapsed);
            }
        }
        return result;
    }
}

package dev.lucy.tools;

import dev.lucy.core.spi.ToolError;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters behind Lucy's tool SLOs: calls, failures by type, unknown tool names ({@code lucy_unknown_tool_ratio})
 * and execution errors ({@code lucy_tool_execution_error_ratio}: failures of the tool or its provider, not
 * refusals). Per-tool latencies are in {@link UsageStatistics}. Thread safe.
 */
public final class ToolMetrics {
    private final LongAdder calls = new LongAdder();
    private final Map<ToolError, LongAdder> failures = new EnumMap<>(ToolError.class);
    private final AtomicLong maxLatencyNanos = new AtomicLong();

    public ToolMetrics() {
        for (ToolError error : ToolError.values()) {
            failures.put(error, new LongAdder());
        }
    }

    /** Counts one call; {@code error} is null for a success. */
    void record(ToolError error, long nanos) {
        calls.increment();
        if (error != null) {
            failures.get(error).increment();
        }
        maxLatencyNanos.accumulateAndGet(nanos, Math::max);
    }

    /** Counts a call naming no known tool. */
    void unknownTool() {
        record(ToolError.UNKNOWN_TOOL, 0);
    }

    public long calls() {
        return calls.sum();
    }

    public long failures(ToolError error) {
        return failures.get(error).sum();
    }

    /** Unknown tool names per call. */
    public double unknownToolRate() {
        long total = calls();
        return total == 0 ? 0 : (double) failures(ToolError.UNKNOWN_TOOL) / total;
    }

    /** Calls that failed in the tool or its provider (time-outs, passing, fatal, unavailable) per call. */
    public double executionErrorRate() {
        long total = calls();
        if (total == 0) {
            return 0;
        }
        long errors = 0;
        for (ToolError error : ToolError.values()) {
            if (error.countsAgainstHealth()) {
                errors += failures(error);
            }
        }
        return (double) errors / total;
    }
}

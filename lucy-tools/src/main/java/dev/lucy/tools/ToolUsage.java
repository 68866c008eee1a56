package dev.lucy.tools;

import java.time.Duration;

/**
 * How a tool has fared so far (a snapshot).
 *
 * @param calls calls that reached the tool's handler or failed on the way
 * @param successes calls that returned an answer
 * @param p50 median latency over the recent calls, zero before the first call
 * @param p95 95th percentile latency over the recent calls
 * @param p99 99th percentile latency over the recent calls
 */
public record ToolUsage(long calls, long successes, Duration p50, Duration p95, Duration p99) {
    public static final ToolUsage NONE = new ToolUsage(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** The share of calls that succeeded; 1.0 before the first call, so a new tool is not penalised. */
    public double successRate() {
        return calls == 0 ? 1.0 : (double) successes / calls;
    }
}

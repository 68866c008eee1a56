package dev.lucy.tools;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Calls, successes and recent latencies per tool. Thread safe; recording is a short critical section per tool.
 * Latency percentiles are computed over the last {@value #WINDOW} calls of each tool, so they follow the tool's
 * current behaviour rather than its whole history.
 */
public final class UsageStatistics {
    static final int WINDOW = 1024;

    private final Map<String, PerTool> tools = new ConcurrentHashMap<>();

    /** Records one finished call. */
    public void record(String tool, boolean success, Duration latency) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(latency, "latency");
        tools.computeIfAbsent(tool, t -> new PerTool()).record(success, latency.toNanos());
    }

    /** The usage of {@code tool} so far; {@link ToolUsage#NONE} when it was never called. */
    public ToolUsage usage(String tool) {
        PerTool perTool = tools.get(tool);
        return perTool == null ? ToolUsage.NONE : perTool.snapshot();
    }

    /** The largest number of successful calls of any tool, for normalising popularity. */
    public long maxSuccesses() {
        long max = 0;
        for (PerTool perTool : tools.values()) {
            max = Math.max(max, perTool.successes());
        }
        return max;
    }

    /** Calls across all tools. */
    public ToolUsage total() {
        long calls = 0;
        long successes = 0;
        for (PerTool perTool : tools.values()) {
            ToolUsage usage = perTool.snapshot();
            calls += usage.calls();
            successes += usage.successes();
        }
        return new ToolUsage(calls, successes, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    private static final class PerTool {
        private final ReentrantLock lock = new ReentrantLock();
        private final long[] latencies = new long[WINDOW];
        private long calls;
        private long successes;

        void record(boolean success, long nanos) {
            lock.lock();
            try {
                latencies[(int) (calls % WINDOW)] = nanos;
                calls++;
                if (success) {
                    successes++;
                }
            } finally {
                lock.unlock();
            }
        }

        long successes() {
            lock.lock();
            try {
                return successes;
            } finally {
                lock.unlock();
            }
        }

        ToolUsage snapshot() {
            long[] window;
            long callsNow;
            long successesNow;
            lock.lock();
            try {
                callsNow = calls;
                successesNow = successes;
                window = Arrays.copyOf(latencies, (int) Math.min(calls, WINDOW));
            } finally {
                lock.unlock();
            }
            Arrays.sort(window);
            return new ToolUsage(
                    callsNow,
                    successesNow,
                    percentile(window, 0.50),
                    percentile(window, 0.95),
                    percentile(window, 0.99));
        }

        private static Duration percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Duration.ZERO;
            }
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
        }
    }
}

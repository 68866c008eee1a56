package dev.lucy.tools;

import static dev.lucy.core.Locks.locked;

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
    private final java.util.concurrent.atomic.AtomicLong maxSuccesses = new java.util.concurrent.atomic.AtomicLong();

    /** Records one finished call. */
    public void record(String tool, boolean success, Duration latency) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(latency, "latency");
        long successes = tools.computeIfAbsent(tool, t -> new PerTool()).record(success, latency.toNanos());
        maxSuccesses.accumulateAndGet(successes, Math::max);
    }

    /**
     * The tool's popularity in [0, 1] (log of successful calls against the most used tool's) times its success
     * rate: the usage prior retrieval blends in. Cheap: no percentiles are computed.
     */
    public double prior(String tool) {
        long max = maxSuccesses.get();
        PerTool perTool = tools.get(tool);
        if (max == 0 || perTool == null) {
            return 0;
        }
        return perTool.prior(max);
    }

    /** The usage of {@code tool} so far; {@link ToolUsage#NONE} when it was never called. */
    public ToolUsage usage(String tool) {
        PerTool perTool = tools.get(tool);
        return perTool == null ? ToolUsage.NONE : perTool.snapshot();
    }

    /** The largest number of successful calls of any tool, for normalising popularity. */
    public long maxSuccesses() {
        return maxSuccesses.get();
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

        long record(boolean success, long nanos) {
            return locked(lock, () -> {
                latencies[(int) (calls % WINDOW)] = nanos;
                calls++;
                if (success) {
                    successes++;
                }
                return successes;
            });
        }

        double prior(long maxSuccesses) {
            return locked(lock, () -> {
                double rate = calls == 0 ? 1.0 : (double) successes / calls;
                return Math.log1p(successes) / Math.log1p(maxSuccesses) * rate;
            });
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

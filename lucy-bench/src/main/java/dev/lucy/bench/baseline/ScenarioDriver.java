package dev.lucy.bench.baseline;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Drives one {@link TaskAgent} through many concurrent conversations, one virtual thread each, all released at
 * once, and measures the phase: tasks answered correctly, answered wrongly, failed, the latency of each task and
 * the process CPU time the phase took ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}).
 *
 * <p>Reusable for any agent and task: the caller supplies the message, the check of a correct answer and the
 * conversation ids' prefix. Not thread safe; run one phase at a time (the CPU figure is the whole process's).
 */
public final class ScenarioDriver {
    private final Duration deadline;

    /** @param deadline how long a phase may take before the conversations still open count as failed */
    public ScenarioDriver(Duration deadline) {
        this.deadline = deadline;
    }

    /** What one phase measured. Latencies are of the correctly answered tasks only, sorted, in nanoseconds. */
    public record Phase(
            String agent,
            int conversations,
            int correct,
            int wrong,
            int failed,
            long[] sortedLatencyNanos,
            long cpuNanos,
            long wallNanos,
            Map<String, Integer> failures) {

        /** The {@code p}th percentile latency (nearest rank), or 0 without any correct task. */
        public long percentileNanos(double p) {
            if (sortedLatencyNanos.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sortedLatencyNanos.length);
            return sortedLatencyNanos[Math.max(0, Math.min(sortedLatencyNanos.length - 1, rank - 1))];
        }
    }

    /**
     * Runs {@code conversations} tasks through {@code agent} at once and waits for all of them.
     *
     * @param prefix conversation ids are {@code prefix + index}; use a fresh prefix per phase
     */
    public Phase run(TaskAgent agent, int conversations, String prefix, String message, Predicate<String> correct)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        long[] latencies = new long[conversations];
        AtomicInteger right = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Future<?>> tasks = new ArrayList<>(conversations);
        long cpuBefore;
        long start;
        long wall;
        long cpu;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < conversations; i++) {
                int index = i;
                String conversation = prefix + i;
                tasks.add(threads.submit(() -> {
                    try {
                        go.await();
                        long t0 = System.nanoTime();
                        String answer = agent.answer(conversation, message);
                        long took = System.nanoTime() - t0;
                        if (correct.test(answer)) {
                            latencies[index] = took;
                            right.incrementAndGet();
                        } else {
                            latencies[index] = -1;
                            wrong.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        latencies[index] = -1;
                        failures.merge("Interrupted", 1, Integer::sum);
                    } catch (Exception e) {
                        latencies[index] = -1;
                        failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    } finally {
                        agent.forget(conversation);
                    }
                    return null;
                }));
            }
            cpuBefore = processCpuNanos();
            start = System.nanoTime();
            go.countDown();
            long until = start + deadline.toNanos();
            for (Future<?> task : tasks) {
                try {
                    task.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    task.cancel(true);
                }
            }
            wall = System.nanoTime() - start;
            cpu = processCpuNanos() - cpuBefore;
            threads.shutdownNow();
        }
        int correctCount = right.get();
        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        int failed = conversations - correctCount - wrong.get();
        return new Phase(
                agent.name(),
                conversations,
                correctCount,
                wrong.get(),
                failed,
                sorted,
                cpu,
                wall,
                new TreeMap<>(failures));
    }

    /** The JIT compiler's total time so far in this JVM, summed over its threads, in ms; 0 where it does not say. */
    public static long compilationMillis() {
        return jitTimed() ? ManagementFactory.getCompilationMXBean().getTotalCompilationTime() : 0;
    }

    /** Whether this JVM times its JIT compiler ({@link #compilationMillis()} is 0 where not). */
    public static boolean jitTimed() {
        var compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported();
    }

    /** The CPU time the whole process has used, in nanoseconds (0 where the JVM does not tell). */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}

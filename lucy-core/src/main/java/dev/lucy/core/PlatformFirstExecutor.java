package dev.lucy.core;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs short tasks on a few platform threads of its own, and on new virtual threads when all of them are busy. For
 * work that must not wait behind virtual threads for a carrier (quick replies, acknowledging Slack's envelopes):
 * the operating system schedules these threads beside the carriers, and a burst beyond them spills onto virtual
 * threads rather than queue. Idle platform threads end after 30 seconds.
 *
 * <p>Thread safe. The owner stops it with {@link #shutdown()}; after that, {@link #execute} refuses new tasks with
 * a {@link RejectedExecutionException}.
 */
public final class PlatformFirstExecutor implements Executor {
    private final ExecutorService overflow;
    private final ThreadPoolExecutor platform;

    /**
     * @param name the threads' name prefix: platform threads are {@code name0, name1, ...}, virtual ones
     *     {@code namev-0, namev-1, ...}
     * @param threads the most platform threads at once
     */
    public PlatformFirstExecutor(String name, int threads) {
        this.overflow = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(name + "v-", 0).factory());
        this.platform = new ThreadPoolExecutor(
                0,
                Check.atLeast(threads, 1, "threads"),
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Thread.ofPlatform().name(name, 0).daemon().factory(),
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("stopping");
                    }
                    overflow.execute(task);
                });
    }

    @Override
    public void execute(Runnable task) {
        platform.execute(task);
    }

    /**
     * Runs {@code task} on a virtual thread of its own, never on one of the platform threads: for a task that may
     * wait long (a call paced by a rate limit), which would otherwise hold one of the few threads kept for quick
     * work. Refused with a {@link RejectedExecutionException} once stopping.
     */
    public void executeMayWait(Runnable task) {
        if (platform.isShutdown()) {
            throw new RejectedExecutionException("stopping");
        }
        overflow.execute(task);
    }

    /** Refuses new tasks; those handed over already still run. */
    public void shutdown() {
        platform.shutdown();
        overflow.shutdown();
    }

    /** Waits up to {@code timeout} for every task handed over to finish; returns whether they all did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        return platform.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)
                && overflow.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Interrupts the tasks still running. */
    public void shutdownNow() {
        platform.shutdownNow();
        overflow.shutdownNow();
    }
}

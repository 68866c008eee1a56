package dev.lucy.core.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The virtual threads of one run and the limits on waiting for them: model and tool calls run here so that
 * cancellation and the wall-clock budget can interrupt them without interrupting the run's own thread. Owns its
 * executor; {@link #close} stops whatever still runs.
 */
final class RunThreads implements AutoCloseable {
    private final InstantSource clock;
    private final Duration budget;
    private final Instant deadline;
    private final Cancellation cancellation;
    private final ExecutorService executor;
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Runnable unregister;

    RunThreads(InstantSource clock, Duration budget, Cancellation cancellation) {
        this.clock = clock;
        this.budget = budget;
        this.deadline = clock.instant().plus(budget);
        this.cancellation = cancellation;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("lucy-agent-", 0).factory());
        this.unregister = cancellation.onCancel(this::cancelInFlight);
    }

    /**
     * The real-time instant (in {@link System#nanoTime()} terms) by which work started now must end: what is left
     * of the budget on the injected clock. Taken before work starts, so work that moves a test's clock cannot
     * shorten its own wait; the clock is checked again between steps.
     */
    long waitLimit() {
        long left = Duration.between(clock.instant(), deadline).toNanos();
        return System.nanoTime() + Math.max(0, left);
    }

    /** What is left of the run's budget on the injected clock; empty once it is spent. */
    Optional<Duration> timeLeft() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    /** Starts work on the run's executor; cancelling the run interrupts it. */
    <T> Future<T> submit(Callable<T> task) {
        Future<T> future = executor.submit(task);
        inFlight.add(future);
        if (cancellation.isCancelled()) {
            future.cancel(true);
        }
        return future;
    }

    /** Waits for work until {@code until} ({@link #waitLimit()}); stops the run when cancelled or out of time. */
    <T> T await(Future<T> future, long until) throws RunStopped, ExecutionException {
        try {
            if (cancellation.isCancelled()) {
                future.cancel(true);
                throw new RunStopped(new Outcome.Cancelled());
            }
            long nanos = until - System.nanoTime();
            if (nanos <= 0 && !future.isDone()) {
                future.cancel(true);
                throw timedOut();
            }
            return future.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut();
        } catch (CancellationException e) {
            throw new RunStopped(new Outcome.Cancelled());
        } catch (InterruptedException e) {
            // The caller's own thread was interrupted: keep its flag and stop like a cancellation.
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new RunStopped(new Outcome.Cancelled());
        } finally {
            inFlight.remove(future);
        }
    }

    /** Stops the run, between steps, once it is cancelled or its budget is spent on the clock. */
    void checkStop() throws RunStopped {
        if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new RunStopped(new Outcome.Cancelled());
        }
        if (!clock.instant().isBefore(deadline)) {
            throw timedOut();
        }
    }

    private RunStopped timedOut() {
        return new RunStopped(new Outcome.TimedOut(budget));
    }

    private void cancelInFlight() {
        for (Future<?> future : inFlight) {
            future.cancel(true);
        }
    }

    @Override
    public void close() {
        unregister.run();
        executor.shutdownNow();
    }
}

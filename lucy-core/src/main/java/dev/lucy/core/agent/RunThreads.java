package dev.lucy.core.agent;

import dev.lucy.core.spi.RunBudget;
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
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The virtual threads of one run and the limits on waiting for them: model and tool calls run here so that
 * cancellation and the wall-clock budget can interrupt them without interrupting the run's own thread. Owns its
 * executor; {@link #close} stops whatever still runs.
 *
 * <p>It is also the run's {@link RunBudget}: while a tool call waits for a person, the budget is paused, on the
 * injected clock (the deadline moves by the time the pause took) and in real time (waits started before the pause
 * wait that much longer), so an approval lives as long as it says, not as long as the run had left.
 */
final class RunThreads implements AutoCloseable, RunBudget {
    private final InstantSource clock;
    private final Duration budget;
    private final Cancellation cancellation;
    private final ExecutorService executor;
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Runnable unregister;
    /** Guards the fields below; {@link #changed} is signalled when a pause ends, on cancel, and when work ends. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();
    /** Waits in {@link #await} blocked on {@link #changed} while paused; work that ends wakes them. */
    private final AtomicInteger pausedWaiters = new AtomicInteger();

    private Instant deadline;
    private int pauses;
    private Instant pausedAt;
    private long pausedAtNanos;
    /** Real time spent in finished pauses, in {@link System#nanoTime()} terms. */
    private long pausedNanos;

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
     * By when work started now must end: what is left of the budget on the injected clock, as a real-time limit.
     * Taken before work starts, so work that moves a test's clock cannot shorten its own wait; the clock is checked
     * again between steps. Time the budget spends paused afterwards is added to it.
     */
    WaitLimit waitLimit() {
        lock.lock();
        try {
            long now = System.nanoTime();
            long left = Math.max(0, left().toNanos());
            return new WaitLimit(now + left, pausedNanos(now));
        } finally {
            lock.unlock();
        }
    }

    /** What is left of the run's budget on the injected clock; empty once it is spent. */
    Optional<Duration> timeLeft() {
        lock.lock();
        try {
            Duration left = left();
            return left.isPositive() ? Optional.of(left) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Starts work on the run's executor; cancelling the run interrupts it. */
    <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task) {
            @Override
            protected void done() {
                if (pausedWaiters.get() > 0) {
                    signal();
                }
            }
        };
        inFlight.add(future);
        executor.execute(future);
        if (cancellation.isCancelled()) {
            future.cancel(true);
        }
        return future;
    }

    /**
     * Waits for work until {@code until} ({@link #waitLimit()}, moved by any pause since); stops the run when
     * cancelled or out of time. While the budget is paused, the wait has no limit but the run's cancellation.
     */
    <T> T await(Future<T> future, WaitLimit until) throws RunStopped, ExecutionException {
        try {
            while (true) {
                if (cancellation.isCancelled()) {
                    future.cancel(true);
                    throw new RunStopped(new Outcome.Cancelled());
                }
                if (future.isDone()) {
                    return future.get();
                }
                long nanos;
                lock.lock();
                try {
                    if (pauses > 0) {
                        waitWhilePaused(future);
                        continue;
                    }
                    long now = System.nanoTime();
                    nanos = until.at() + (pausedNanos(now) - until.pausedBefore()) - now;
                } finally {
                    lock.unlock();
                }
                if (nanos <= 0 && !future.isDone()) {
                    future.cancel(true);
                    throw timedOut();
                }
                try {
                    return future.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // Out of time unless a pause began meanwhile (or moved the limit): look again.
                }
            }
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

    /**
     * Waits, with the lock held, until the pause ends, the work is done or the run is cancelled. The waiter is
     * counted before it looks at the work, and the work's end looks at the count after it is done, so one of the
     * two always sees the other and no wake-up is lost.
     */
    private void waitWhilePaused(Future<?> future) throws InterruptedException {
        pausedWaiters.incrementAndGet();
        try {
            if (!future.isDone() && !cancellation.isCancelled()) {
                changed.await();
            }
        } finally {
            pausedWaiters.decrementAndGet();
        }
    }

    /** Stops the run, between steps, once it is cancelled or its budget is spent on the clock. */
    void checkStop() throws RunStopped {
        if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new RunStopped(new Outcome.Cancelled());
        }
        if (timeLeft().isEmpty()) {
            throw timedOut();
        }
    }

    @Override
    public Pause pause() {
        lock.lock();
        try {
            if (pauses++ == 0) {
                pausedAt = clock.instant();
                pausedAtNanos = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                resume();
            }
        };
    }

    private void resume() {
        lock.lock();
        try {
            if (--pauses == 0) {
                Duration paused = Duration.between(pausedAt, clock.instant());
                if (paused.isPositive()) {
                    deadline = deadline.plus(paused);
                }
                pausedNanos += System.nanoTime() - pausedAtNanos;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Left on the clock; frozen while paused. Call with the lock held. */
    private Duration left() {
        return Duration.between(pauses > 0 ? pausedAt : clock.instant(), deadline);
    }

    /** Real time spent paused up to {@code now}, the current pause included. Call with the lock held. */
    private long pausedNanos(long now) {
        return pausedNanos + (pauses > 0 ? now - pausedAtNanos : 0);
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private RunStopped timedOut() {
        return new RunStopped(new Outcome.TimedOut(budget));
    }

    private void cancelInFlight() {
        for (Future<?> future : inFlight) {
            future.cancel(true);
        }
        signal();
    }

    @Override
    public void close() {
        unregister.run();
        executor.shutdownNow();
    }

    /**
     * A real-time limit on waiting: {@code at} in {@link System#nanoTime()} terms, and the paused time counted when
     * it was taken, so that pauses since move it.
     */
    record WaitLimit(long at, long pausedBefore) {}
}

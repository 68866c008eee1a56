package dev.lucy.testkit.slack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Wakes waiting tests when the simulator's state changes. A leaf lock: nothing is called while holding it, so any
 * thread may signal from under its own locks.
 */
final class Changes {
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Polls {@code probe} until it yields a value or {@code timeout} passes. Re-checks on every change and at least
     * every 20 ms, so conditions outside the simulator's state (a client's view, say) are seen too.
     */
    <T> Optional<T> await(Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            lock.lock();
            try {
                seen = version;
            } finally {
                lock.unlock();
            }
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            lock.lock();
            try {
                if (version == seen) {
                    changed.awaitNanos(Math.min(remaining, MAX_PARK_NANOS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } finally {
                lock.unlock();
            }
        }
    }
}

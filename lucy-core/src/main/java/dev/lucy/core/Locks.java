package dev.lucy.core;

import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Work done while holding a lock, for the classes that guard their state with one: {@code locked(lock, () -> ...)}
 * says it once instead of a lock, a try and a finally in every method. The lock is released however the work ends.
 */
public final class Locks {
    private Locks() {}

    /** What {@code work} returns, computed while holding {@code lock}; blocks until the lock is free. */
    public static <T> T locked(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}

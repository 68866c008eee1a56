package dev.lucy.core.agent;

import static dev.lucy.core.Locks.locked;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cancels one agent run from another thread: {@link #cancel()} stops the run at its next step and interrupts
 * the model and tool calls it has in flight, so {@link Agent#run} returns promptly with {@link Outcome.Cancelled}.
 *
 * <p>Thread safe. Create one per run with {@link #create()}; cancelling is idempotent and cannot be undone.
 */
public final class Cancellation {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean cancelled;

    private Cancellation() {}

    /** A fresh, not yet cancelled handle. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** Asks the run to stop and interrupts what it is waiting for. Safe to call any number of times. */
    public void cancel() {
        List<Runnable> toRun;
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(listeners);
            listeners.clear();
        } finally {
            lock.unlock();
        }
        toRun.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return locked(lock, () -> cancelled);
    }

    /**
     * Runs {@code listener} once on cancellation (at once if already cancelled). The returned handle removes it,
     * so a finished run leaves nothing behind on a handle its caller keeps.
     */
    Runnable onCancel(Runnable listener) {
        lock.lock();
        try {
            if (!cancelled) {
                listeners.add(listener);
                return () -> {
                    lock.lock();
                    try {
                        listeners.remove(listener);
                    } finally {
                        lock.unlock();
                    }
                };
            }
        } finally {
            lock.unlock();
        }
        listener.run();
        return () -> {};
    }
}

package dev.lucy.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes that arrive together are written together: whoever holds the writer's lock writes every one waiting at that
 * moment in one batch (at most {@value #MAX_BATCH}), and the others find theirs done when they get the lock. A burst
 * of a thousand writes costs a few commits, not a thousand behind SQLite's single writer. Thread safe, blocking.
 */
final class GroupCommit<W extends GroupCommit.Work> {
    static final int MAX_BATCH = 512;

    /** One caller's write; its batch marks it done, or failed with the batch's failure. */
    abstract static class Work {
        volatile boolean done;
        volatile RuntimeException failure;

        boolean decided() {
            return done || failure != null;
        }
    }

    private final ConcurrentLinkedQueue<W> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();
    private final Consumer<List<W>> writeBatch;

    /**
     * @param writeBatch writes a batch in one transaction and records each write's outcome on it; a failure it throws
     *     fails every write of the batch
     */
    GroupCommit(Consumer<List<W>> writeBatch) {
        this.writeBatch = Objects.requireNonNull(writeBatch, "writeBatch");
    }

    /** Blocks until {@code work} is written, with whatever else waits beside it; throws its batch's failure. */
    void write(W work) {
        waiting.add(work);
        writer.lock();
        try {
            while (!work.decided()) {
                List<W> batch = drain();
                try {
                    writeBatch.accept(batch);
                    batch.forEach(w -> w.done = true);
                } catch (RuntimeException e) {
                    batch.forEach(w -> w.failure = e);
                }
            }
        } finally {
            writer.unlock();
        }
        if (work.failure != null) {
            throw work.failure;
        }
    }

    private List<W> drain() {
        List<W> batch = new ArrayList<>();
        for (W next = waiting.poll(); next != null; next = batch.size() < MAX_BATCH ? waiting.poll() : null) {
            batch.add(next);
        }
        return batch;
    }
}

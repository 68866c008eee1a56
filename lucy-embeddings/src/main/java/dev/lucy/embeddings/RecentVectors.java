package dev.lucy.embeddings;

import dev.lucy.core.LucyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The vectors of the last texts embedded one at a time. A message is embedded for memory recall and for tool
 * retrieval, on two threads at once: the second asks while the first computes, waits for it and shares its vector,
 * so the model runs once per message. Thread safe.
 */
final class RecentVectors {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, FutureTask<float[]>> recent;

    RecentVectors(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FutureTask<float[]>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The vector of {@code text}: computed by {@code model} if no caller has asked for it lately, else shared. */
    float[] vector(String text, Function<String, float[]> model) {
        FutureTask<float[]> task;
        boolean mine = false;
        lock.lock();
        try {
            task = recent.get(text);
            if (task == null) {
                task = new FutureTask<>(() -> model.apply(text));
                recent.put(text, task);
                mine = true;
            }
        } finally {
            lock.unlock();
        }
        if (mine) {
            task.run();
        }
        try {
            // a copy: a caller that changes its vector must not change anyone else's
            return task.get().clone();
        } catch (ExecutionException e) {
            forget(text, task);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new LucyException("embedding failed", false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LucyException("interrupted while embedding", false, e);
        }
    }

    private void forget(String text, FutureTask<float[]> task) {
        lock.lock();
        try {
            recent.remove(text, task);
        } finally {
            lock.unlock();
        }
    }
}

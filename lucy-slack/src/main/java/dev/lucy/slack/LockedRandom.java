package dev.lucy.slack;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * An injected random source used under a lock, so one that is not thread safe (a seeded
 * {@link java.util.SplittableRandom}, say) can serve concurrent callers and still give the same choices for the
 * same seed.
 */
final class LockedRandom {
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();

    LockedRandom(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** One of {@code choices}, never empty. */
    <T> T pick(List<T> choices) {
        lock.lock();
        try {
            return choices.get(random.nextInt(choices.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Shuffles {@code list} in place (Fisher-Yates), in one go. */
    <T> void shuffle(List<T> list) {
        lock.lock();
        try {
            for (int i = list.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                list.set(j, list.set(i, list.get(j)));
            }
        } finally {
            lock.unlock();
        }
    }
}

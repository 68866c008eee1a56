package dev.lucy.testkit.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the server waits before it starts answering a request: nothing, a fixed time, or a uniformly random
 * time between two bounds. The wait ends early when the server closes.
 *
 * @param min the shortest wait
 * @param max the longest wait, at least {@code min}
 */
public record Latency(Duration min, Duration max) {
    /** No wait: the default. */
    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    public Latency {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative()) {
            throw new IllegalArgumentException("min latency cannot be negative: " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max latency " + max + " is shorter than min latency " + min);
        }
    }

    public static Latency none() {
        return NONE;
    }

    public static Latency fixed(Duration latency) {
        return new Latency(latency, latency);
    }

    /** A random wait, uniformly distributed between {@code min} and {@code max}. */
    public static Latency between(Duration min, Duration max) {
        return new Latency(min, max);
    }

    /** One wait drawn from this latency. Thread safe. */
    public Duration sample() {
        if (min.equals(max)) {
            return min;
        }
        long spread = max.toNanos() - min.toNanos();
        return min.plusNanos(ThreadLocalRandom.current().nextLong(spread + 1));
    }
}

package dev.lucy.core;

import java.time.Duration;

/**
 * Waits. Injected wherever Lucy waits on purpose (retry backoff, {@code Retry-After}, rate budgets), so tests
 * drive time with a fake instead of sleeping. The default is {@link #system()}.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}; returns at once for zero or negative durations. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really sleeps the calling thread (cheap on a virtual thread). */
    static Sleeper system() {
        return duration -> {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        };
    }
}

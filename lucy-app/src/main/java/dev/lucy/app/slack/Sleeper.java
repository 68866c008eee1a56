package dev.lucy.app.slack;

import java.time.Duration;

/**
 * How Lucy's Slack classes wait: for a {@code Retry-After}, for the per-channel pace, between retries. The default
 * parks the calling (virtual) thread; tests pass one that moves a fake clock instead.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code duration}; throws when the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** Parks the calling thread ({@link Thread#sleep(Duration)}). */
    static Sleeper system() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration);
            }
        };
    }
}

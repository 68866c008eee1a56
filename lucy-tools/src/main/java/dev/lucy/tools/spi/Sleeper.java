package dev.lucy.tools.spi;

import java.time.Duration;

/** Waits between retries; injected so tests can record waits instead of taking them. Default: {@link #system()}. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}

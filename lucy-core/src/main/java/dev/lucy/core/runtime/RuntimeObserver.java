package dev.lucy.core.runtime;

import java.time.Duration;

/**
 * Receives the runtime's measurements: admissions, queue waits, runs. Metrics libraries bind here (lucy-app binds
 * Micrometer). Called on the runtime's threads; must be thread safe, quick and never throw. Every method defaults
 * to doing nothing; {@link #none()} is the default observer.
 */
public interface RuntimeObserver {

    /** An event was admitted, refused or deduplicated; {@code workspaceId} is whose it was. */
    default void admitted(String workspaceId, Admission admission) {}

    /** A run waited {@code wait} in the queue before it started. */
    default void queueWait(Priority priority, Duration wait) {}

    /** A run ended after {@code took}; {@code failed} when its handler threw. */
    default void runFinished(Priority priority, Duration took, boolean failed) {}

    static RuntimeObserver none() {
        return new RuntimeObserver() {};
    }
}

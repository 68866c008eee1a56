package dev.lucy.core.runtime;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a background task. {@code pending -> acknowledged -> working -> completed | failed | cancelled |
 * timed out}; a task a crash or restart left unfinished becomes {@code interrupted}.
 */
public enum TaskState {
    PENDING,
    ACKNOWLEDGED,
    WORKING,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    INTERRUPTED;

    /** Whether the task has ended (no further transitions). */
    public boolean terminal() {
        return switch (this) {
            case PENDING, ACKNOWLEDGED, WORKING -> false;
            case COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED -> true;
        };
    }

    /** The states this one may move to. */
    public Set<TaskState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(ACKNOWLEDGED, WORKING, CANCELLED, INTERRUPTED, FAILED);
            case ACKNOWLEDGED -> EnumSet.of(WORKING, CANCELLED, INTERRUPTED, FAILED, TIMED_OUT);
            case WORKING -> EnumSet.of(WORKING, COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED);
            case COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED -> EnumSet.noneOf(TaskState.class);
        };
    }
}

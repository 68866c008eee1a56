package dev.lucy.core.runtime;

import dev.lucy.core.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A background task as stored: who asked, what for, where it stands. Immutable; each change is a new value.
 *
 * @param id unique id
 * @param caller who asked, and the conversation the task reports to
 * @param request what the person asked for, as they wrote it
 * @param state where the task stands
 * @param progress the latest progress note, empty before the first
 * @param createdAt when it was asked for
 * @param updatedAt when the state or progress last changed
 */
public record Task(
        String id,
        Caller caller,
        String request,
        TaskState state,
        String progress,
        Instant createdAt,
        Instant updatedAt) {
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    static Task create(String id, Caller caller, String request, Instant now) {
        return new Task(id, caller, request, TaskState.PENDING, "", now, now);
    }

    /** This task moved to {@code next}; refuses transitions the state machine does not allow. */
    public Task moveTo(TaskState next, Instant now) {
        if (!state.next().contains(next)) {
            throw new IllegalStateException("task " + id + " cannot move from " + state + " to " + next);
        }
        return new Task(id, caller, request, next, progress, createdAt, now);
    }

    public Task withProgress(String note, Instant now) {
        return new Task(id, caller, request, state, note, createdAt, now);
    }
}

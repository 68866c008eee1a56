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
 * @param attempt how many times it has been started: 1, or more once a restart or another replica took it up again
 *     after its process stopped (see {@link TaskStore#resume} and {@link TaskStore#takeOver})
 */
public record Task(
        String id,
        Caller caller,
        String request,
        TaskState state,
        String progress,
        Instant createdAt,
        Instant updatedAt,
        int attempt) {
    public Task {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new task, pending, on its first attempt. */
    public static Task create(String id, Caller caller, String request, Instant now) {
        return new Task(id, caller, request, TaskState.PENDING, "", now, now, 1);
    }

    /** This task moved to {@code next}; refuses transitions the state machine does not allow. */
    public Task moveTo(TaskState next, Instant now) {
        if (!state.next().contains(next)) {
            throw new IllegalStateException("task " + id + " cannot move from " + state + " to " + next);
        }
        return new Task(id, caller, request, next, progress, createdAt, now, attempt);
    }

    public Task withProgress(String note, Instant now) {
        return new Task(id, caller, request, state, note, createdAt, now, attempt);
    }

    /**
     * This unfinished task taken up again after its process stopped: the next attempt, acknowledged and without
     * progress (it starts from the beginning). Not a state-machine transition: the earlier attempt is over.
     */
    public Task nextAttempt(Instant now) {
        if (state.terminal()) {
            throw new IllegalStateException("task " + id + " has ended (" + state + ")");
        }
        return new Task(id, caller, request, TaskState.ACKNOWLEDGED, "", createdAt, now, attempt + 1);
    }
}

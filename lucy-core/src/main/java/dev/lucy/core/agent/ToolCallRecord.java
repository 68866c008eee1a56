package dev.lucy.core.agent;

import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.Objects;

/**
 * One tool call the model asked for during a run, and what became of it.
 *
 * @param turn the turn (model call, counting from 1) that asked for it
 * @param call the call as the model wrote it
 * @param disposition whether it ran, or why the loop answered it without running it
 * @param result what the model was told
 * @param duration how long it ran; zero when it did not run
 */
public record ToolCallRecord(int turn, ToolCall call, Disposition disposition, ToolResult result, Duration duration) {
    public ToolCallRecord {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(duration, "duration");
    }

    /** What the loop did with a call. */
    public enum Disposition {
        /** Handed to the {@code ToolExecutor}; the result says whether it worked. */
        EXECUTED,
        /** The name matched no tool offered; the model was told the closest names. */
        UNKNOWN_TOOL,
        /** The arguments were not a JSON object; the model was told the parse error. */
        INVALID_ARGUMENTS,
        /** The same call (name and arguments) repeated past the loop threshold. */
        LOOP_DETECTED,
        /** The tool had been withdrawn from this run (loop persisted or call cap reached). */
        WITHDRAWN,
        /** The tool reached its per-run call cap. */
        CAP_REACHED,
        /** The same side-effecting call was already made within the duplicate window. */
        DUPLICATE_REFUSED
    }
}

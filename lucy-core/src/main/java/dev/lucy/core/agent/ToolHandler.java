package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import java.util.Map;

/**
 * Handles calls of one tool registered with a {@link HandlerToolExecutor}.
 *
 * <p>Called from many virtual threads at once; blocks until done; should return promptly when interrupted.
 * Report expected failures as {@link ToolResult.Failure}; anything thrown reaches the model only as "the tool
 * failed unexpectedly".
 */
@FunctionalInterface
public interface ToolHandler {

    /** Runs the call; {@code arguments} is the parsed JSON object the model sent (nested objects are maps). */
    ToolResult handle(Caller caller, Map<String, Object> arguments);
}

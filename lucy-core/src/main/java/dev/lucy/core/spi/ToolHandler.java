package dev.lucy.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucy.core.Caller;

/**
 * Does the work of one tool: lucy-core's {@code HandlerToolExecutor} calls it for a named tool, and lucy-tools calls
 * it at the end of its pipeline once every gate has passed.
 *
 * <p>Called from many virtual threads at once; blocks until done and should return promptly when its thread is
 * interrupted (a cancelled run, or a tool's time budget running out, interrupts it). Expected failures are returned
 * as {@link ToolResult.Failure} (lucy-tools also turns a thrown {@code ToolException} into one, with its error and
 * message); any other exception reaches the model only as a failure of the tool, without its details. Never
 * returns null.
 */
@FunctionalInterface
public interface ToolHandler {

    /**
     * Runs the tool.
     *
     * @param caller who the call is for
     * @param arguments the JSON object the model sent, parsed (in lucy-tools also valid against the tool's schema);
     *     read it with {@code arguments.path("name").asText()} and the like
     */
    ToolResult handle(Caller caller, JsonNode arguments);
}

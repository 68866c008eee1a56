package dev.lucy.tools.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;

/**
 * Runs a tool once its arguments have been validated and every gate of the pipeline has passed.
 *
 * <p>Blocks, on a virtual thread of its own, and should return promptly when that thread is interrupted (the
 * pipeline interrupts it when the tool's time budget runs out). Expected failures are returned as {@link
 * ToolResult.Failure} or thrown as {@link ToolException}; any other exception is reported to the model as a
 * failure of the tool without its details. Never returns null.
 */
@FunctionalInterface
public interface ToolHandler {

    /**
     * Runs the tool.
     *
     * @param caller who the call is for
     * @param arguments the arguments object, already valid against the tool's schema
     */
    ToolResult handle(Caller caller, JsonNode arguments);
}

package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import java.util.Objects;

/**
 * One tool call on its way through the {@link ToolPipeline}.
 *
 * @param caller who the call is for
 * @param tool the tool the model named
 * @param call the call exactly as the model sent it
 * @param arguments the parsed, schema-valid arguments; {@link MissingNode} until the validation stage has run
 */
public record ToolRequest(Caller caller, Tool tool, ToolCall call, JsonNode arguments) {
    public ToolRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** A request whose arguments have not been validated yet. */
    public static ToolRequest of(Caller caller, Tool tool, ToolCall call) {
        return new ToolRequest(caller, tool, call, MissingNode.getInstance());
    }

    /** Whether a validation stage has set the arguments. */
    public boolean validated() {
        return arguments.isObject();
    }

    public ToolRequest withArguments(JsonNode validArguments) {
        return new ToolRequest(caller, tool, call, validArguments);
    }
}

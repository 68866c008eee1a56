package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolArguments;
import java.util.Objects;

/**
 * One tool call on its way through the {@link ToolPipeline}.
 *
 * @param caller who the call is for
 * @param tool the tool the model named
 * @param call the call exactly as the model sent it
 * @param parsed the call's arguments as parsed once when the call arrived (malformed ones say why); the validation
 *     stage checks them, no stage parses {@code call.arguments()} again
 * @param arguments the parsed, schema-valid arguments; {@link MissingNode} until the validation stage has run
 */
public record ToolRequest(Caller caller, Tool tool, ToolCall call, ToolArguments parsed, JsonNode arguments) {
    public ToolRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** A request whose arguments have been parsed but not validated yet. */
    public static ToolRequest of(Caller caller, Tool tool, ToolCall call, ToolArguments parsed) {
        return new ToolRequest(caller, tool, call, parsed, MissingNode.getInstance());
    }

    /** A request for a call whose arguments no one has parsed yet: they are parsed here, once. */
    public static ToolRequest of(Caller caller, Tool tool, ToolCall call) {
        return of(caller, tool, call, ToolArguments.parse(call.arguments()));
    }

    /** Whether a validation stage has set the arguments. */
    public boolean validated() {
        return arguments.isObject();
    }

    public ToolRequest withArguments(JsonNode validArguments) {
        return new ToolRequest(caller, tool, call, parsed, validArguments);
    }
}

package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.RunBudget;
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
 * @param budget the time budget of the run the call belongs to; the approval stage pauses it while a person
 *     decides ({@link RunBudget#none()} outside a run)
 */
public record ToolRequest(
        Caller caller, Tool tool, ToolCall call, ToolArguments parsed, JsonNode arguments, RunBudget budget) {
    public ToolRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(budget, "budget");
    }

    /** A request outside any run's budget. */
    public ToolRequest(Caller caller, Tool tool, ToolCall call, ToolArguments parsed, JsonNode arguments) {
        this(caller, tool, call, parsed, arguments, RunBudget.none());
    }

    /** A request whose arguments have been parsed but not validated yet, in a run with {@code budget}. */
    public static ToolRequest of(Caller caller, Tool tool, ToolCall call, ToolArguments parsed, RunBudget budget) {
        return new ToolRequest(caller, tool, call, parsed, MissingNode.getInstance(), budget);
    }

    /** A request whose arguments have been parsed but not validated yet. */
    public static ToolRequest of(Caller caller, Tool tool, ToolCall call, ToolArguments parsed) {
        return of(caller, tool, call, parsed, RunBudget.none());
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
        return new ToolRequest(caller, tool, call, parsed, validArguments, budget);
    }
}

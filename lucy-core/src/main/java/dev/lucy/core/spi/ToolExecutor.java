package dev.lucy.core.spi;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the tools a run may use and executes the calls the model makes.
 *
 * <p>Implementations are thread safe: the agent loop calls {@link #execute} for the calls of one turn in
 * parallel, each on its own virtual thread. {@code execute} blocks until the call ends (including any wait for a
 * human approval) and reports expected failures as {@link ToolResult.Failure}, never by throwing; it honours
 * thread interruption by returning promptly. lucy-tools provides the full implementation (retrieval, validation,
 * approvals, resilience); {@link #none()} is the default for an agent without tools.
 */
public interface ToolExecutor {

    /** The tools to offer the model for this request, most relevant first. */
    List<ToolSpec> toolsFor(Caller caller, String request);

    /**
     * Runs one call whose arguments were parsed when it arrived; {@code arguments} is that parse of {@code
     * call.arguments()}, so implementations never parse the text again. Unknown tool names and {@link
     * ToolArguments.Malformed} arguments come back as failures the model can act on ({@link
     * ToolResult#unknownTool}, {@link ToolError#INVALID_ARGUMENTS} with the problem). The agent loop itself answers
     * malformed arguments without calling, but a direct caller may pass them.
     */
    ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments);

    /**
     * Runs one call as part of a run with the time budget {@code budget}: a call that waits for a person (an
     * approval) {@link RunBudget#pause pauses} it, so the run's time limit does not cut the person's decision. The
     * agent loop calls this one; the default ignores the budget and calls {@link #execute(Caller, ToolCall,
     * ToolArguments)}.
     */
    default ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments, RunBudget budget) {
        return execute(caller, call, arguments);
    }

    /** Parses the call's arguments and runs it, for callers that have not parsed them. */
    default ToolResult execute(Caller caller, ToolCall call) {
        return execute(caller, call, ToolArguments.parse(call.arguments()));
    }

    /**
     * Whether calling {@code toolName} only reads: read-only calls may be repeated freely, while the agent loop
     * refuses an identical side-effecting call made again within a short window. The default, {@code false},
     * treats every tool as side-effecting, the safe assumption when nothing is known about it.
     */
    default boolean readOnly(String toolName) {
        return false;
    }

    /**
     * A tool that was not offered for this request but that the model may still call, because it learned of it
     * from a search tool (staged planning). The agent loop asks when the model names a tool it was not offered,
     * and from then on offers the tool for the rest of the run. The default knows no such tools.
     */
    default Optional<ToolSpec> describe(Caller caller, String toolName) {
        return Optional.empty();
    }

    /** An executor with no tools: every call is answered as an unknown tool. */
    static ToolExecutor none() {
        return new ToolExecutor() {
            @Override
            public List<ToolSpec> toolsFor(Caller caller, String request) {
                return List.of();
            }

            @Override
            public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
                return ToolResult.unknownTool(call.name(), List.of());
            }
        };
    }
}

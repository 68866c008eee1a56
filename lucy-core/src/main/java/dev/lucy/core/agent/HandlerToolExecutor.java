package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolHandler;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plain {@link ToolExecutor} over a fixed set of named handlers, for embedders who do not use lucy-tools.
 * Offers every tool on every request, hands each handler its call's parsed arguments, and answers unknown names
 * with the closest ones.
 *
 * <p>Immutable and thread safe; build with {@link #builder()}.
 */
public final class HandlerToolExecutor implements ToolExecutor {
    private final Map<String, Registered> tools;
    private final List<ToolSpec> specs;

    private record Registered(ToolSpec spec, boolean readOnly, ToolHandler handler) {}

    private HandlerToolExecutor(Map<String, Registered> tools) {
        this.tools = Map.copyOf(tools);
        this.specs = tools.values().stream().map(Registered::spec).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<ToolSpec> toolsFor(Caller caller, String request) {
        return specs;
    }

    @Override
    public boolean readOnly(String toolName) {
        Registered tool = tools.get(toolName);
        return tool != null && tool.readOnly();
    }

    @Override
    public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
        Registered tool = tools.get(call.name());
        if (tool == null) {
            return ToolResult.unknownTool(call.name(), tools.keySet());
        }
        return switch (arguments) {
            case ToolArguments.Malformed malformed ->
                ToolResult.failure(ToolError.INVALID_ARGUMENTS, malformed.problem());
            case ToolArguments.Parsed parsed -> {
                try {
                    ToolResult result = tool.handler().handle(caller, parsed.json());
                    yield result != null ? result : ToolResult.failure(ToolError.FATAL, "the tool returned nothing");
                } catch (RuntimeException e) {
                    yield ToolResult.failure(
                            ToolError.FATAL, "the tool failed unexpectedly; try another way or answer");
                }
            }
        };
    }

    public static final class Builder {
        private final Map<String, Registered> tools = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a side-effecting tool: identical calls within the agent's duplicate window are refused. */
        public Builder tool(ToolSpec spec, ToolHandler handler) {
            return add(spec, false, handler);
        }

        /** Adds a tool that only reads, so identical calls may be repeated. */
        public Builder readOnlyTool(ToolSpec spec, ToolHandler handler) {
            return add(spec, true, handler);
        }

        private Builder add(ToolSpec spec, boolean readOnly, ToolHandler handler) {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(handler, "handler");
            if (tools.containsKey(spec.name())) {
                throw new IllegalArgumentException("tool '" + spec.name() + "' is registered twice");
            }
            tools.put(spec.name(), new Registered(spec, readOnly, handler));
            return this;
        }

        public HandlerToolExecutor build() {
            return new HandlerToolExecutor(new LinkedHashMap<>(tools));
        }
    }

    @Override
    public String toString() {
        return "HandlerToolExecutor" + new ArrayList<>(tools.keySet());
    }
}

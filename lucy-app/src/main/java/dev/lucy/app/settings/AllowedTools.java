package dev.lucy.app.settings;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.RunBudget;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A run's tools within a channel's settings: only the allowed tools are offered, and a call to any other is refused
 * without running it. Lucy's own tools are allowed by name ({@link ChannelSettings#tools()}), an MCP server's by the
 * server ({@link ChannelSettings#mcpServers()}); the tool search is offered only while Lucy's own tools are not
 * limited, since it would show the model tools it may not use. Thread safe as its delegate.
 */
public final class AllowedTools implements ToolExecutor {
    private final ToolExecutor tools;
    private final ChannelSettings settings;
    private final Function<String, Optional<String>> providerOf;
    private final Predicate<String> isMcpServer;
    private final String searchTool;

    /**
     * @param providerOf the provider of a tool by its name, empty for a tool that does not exist
     * @param isMcpServer whether a provider is an MCP server
     * @param searchTool the name of the tool search, which belongs to no provider
     */
    public AllowedTools(
            ToolExecutor tools,
            ChannelSettings settings,
            Function<String, Optional<String>> providerOf,
            Predicate<String> isMcpServer,
            String searchTool) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.providerOf = Objects.requireNonNull(providerOf, "providerOf");
        this.isMcpServer = Objects.requireNonNull(isMcpServer, "isMcpServer");
        this.searchTool = Objects.requireNonNull(searchTool, "searchTool");
    }

    /** Whether the channel's settings allow the tool called {@code name}. */
    public boolean allows(String name) {
        if (name.equals(searchTool)) {
            return settings.tools().isEmpty();
        }
        Optional<String> provider = providerOf.apply(name);
        if (provider.isPresent() && isMcpServer.test(provider.get())) {
            return settings.mcpServers().map(s -> s.contains(provider.get())).orElse(true);
        }
        return settings.tools().map(s -> s.contains(name)).orElse(true);
    }

    /**
     * The tools retrieval picks that are allowed; when Lucy's own tools are limited to a few names, those are offered
     * too even if retrieval did not pick them (a channel that allows one tool wants it at hand), as far as the caller
     * can use them.
     */
    @Override
    public List<ToolSpec> toolsFor(Caller caller, String request) {
        List<ToolSpec> offered = new ArrayList<>(tools.toolsFor(caller, request).stream()
                .filter(spec -> allows(spec.name()))
                .toList());
        Set<String> names = new HashSet<>();
        offered.forEach(spec -> names.add(spec.name()));
        for (String name : new TreeSet<>(settings.tools().orElse(Set.of()))) {
            if (!names.contains(name) && allows(name)) {
                tools.describe(caller, name).ifPresent(offered::add);
            }
        }
        return List.copyOf(offered);
    }

    @Override
    public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
        return allows(call.name()) ? tools.execute(caller, call, arguments) : refused(call);
    }

    @Override
    public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments, RunBudget budget) {
        return allows(call.name()) ? tools.execute(caller, call, arguments, budget) : refused(call);
    }

    @Override
    public boolean readOnly(String toolName) {
        return tools.readOnly(toolName);
    }

    @Override
    public Optional<ToolSpec> describe(Caller caller, String toolName) {
        return allows(toolName) ? tools.describe(caller, toolName) : Optional.empty();
    }

    private static ToolResult refused(ToolCall call) {
        return ToolResult.failure(
                ToolError.FATAL,
                "The tool " + call.name() + " is not allowed in this channel. Use only the tools you were offered,"
                        + " or answer without it.");
    }
}

package dev.lucy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcBuiltInStore;
import dev.lucy.tools.AnnotatedTools;
import dev.lucy.tools.BuiltInTools;
import dev.lucy.tools.McpServerStatus;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.PipelineToolExecutor;
import dev.lucy.tools.SideEffect;
import dev.lucy.tools.Tool;
import dev.lucy.tools.ToolPipeline;
import dev.lucy.tools.ToolRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./lucy tools list|call}: the tools the bot would offer (built-in ones and those of the MCP servers {@code
 * LUCY_MCP_CONFIG} names), and one call made as the bot would make it, for operators setting up.
 */
@Command(
        name = "tools",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "List the tools Lucy offers, with those of the MCP servers LUCY_MCP_CONFIG names; call one.",
            "MCP servers are started (or connected) for the command and stopped after it."
        },
        subcommands = HelpCommand.class)
final class ToolsCommand implements Callable<Integer> {
    /** Longer than a server's start timeout: a command waits for every server to be tried once. */
    private static final Duration WAIT_FOR_SERVERS = McpServers.DEFAULT_START_TIMEOUT.plusSeconds(5);

    private static final Caller OPERATOR = new Caller("cli", System.getProperty("user.name", "operator"), "cli");

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Optional<Path>, Optional<LucyConfig>> configs;
    private final ObjectMapper json = JsonMapper.builder().build();

    @Spec
    private CommandSpec spec;

    @Mixin
    private Main.SettingsFile settings = new Main.SettingsFile();

    ToolsCommand(PrintStream out, PrintStream err, Function<Optional<Path>, Optional<LucyConfig>> configs) {
        this.out = out;
        this.err = err;
        this.configs = configs;
    }

    /** {@code ./lucy tools} alone: what it can do, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Main.USAGE;
    }

    @Command(name = "list", description = "Print every tool Lucy would offer: name, server, approval, description.")
    int list(
            @Option(
                            names = "--json",
                            description = "One JSON document with each tool's schema and each server's state.")
                    boolean asJson,
            @Mixin Main.SettingsFile file) {
        Optional<LucyConfig> config = configs.apply(file.file().or(settings::file));
        if (config.isEmpty()) {
            return Main.USAGE;
        }
        ToolRegistry registry = new ToolRegistry();
        registry.registerAll(AnnotatedTools.from(BuiltInTools.create(Clock.systemUTC())));
        try (McpServers servers = McpServers.of(config.get().mcpServers())) {
            List<McpServerStatus> statuses = started(servers, registry);
            if (asJson) {
                out.println(json(registry, statuses));
            } else {
                printTable(registry);
            }
            return down(servers, statuses) ? Main.FAILED : Main.OK;
        }
    }

    @Command(
            name = "call",
            description = {
                "Call one tool as the bot would (arguments checked against its schema, result shaped for the model)"
                        + " and print the result.",
                "Tools that need approval run only with --approve: you are the person approving."
            })
    int call(
            @Parameters(
                            index = "0",
                            paramLabel = "NAME",
                            description = "The tool's name, as ./lucy tools list prints it.")
                    String name,
            @Parameters(index = "1", paramLabel = "JSON", defaultValue = "{}", description = "The arguments object.")
                    String arguments,
            @Option(names = "--approve", description = "Approve the call if the tool needs approval.") boolean approve,
            @Mixin Main.SettingsFile file) {
        Optional<LucyConfig> config = configs.apply(file.file().or(settings::file));
        if (config.isEmpty()) {
            return Main.USAGE;
        }
        try (Database database = Database.open(config.get().databaseConfig());
                McpServers servers = McpServers.of(config.get().mcpServers())) {
            ToolRegistry registry = new ToolRegistry();
            registry.registerAll(
                    AnnotatedTools.from(BuiltInTools.create(JdbcBuiltInStore.open(database), Clock.systemUTC())));
            started(servers, registry);
            Optional<Tool> tool = registry.find(name);
            if (tool.isEmpty()) {
                List<String> closest = registry.closestNames(name, 3);
                err.println("lucy tools call: no tool is named '" + name + "'"
                        + (closest.isEmpty() ? "" : "; did you mean " + String.join(", ", closest) + "?"));
                return Main.USAGE;
            }
            PipelineToolExecutor.Builder builder = PipelineToolExecutor.builder(registry)
                    .access(servers::allows)
                    .searchTool(false);
            if (approve) {
                builder.stage(ToolPipeline.Stage.APPROVE, chain -> chain.proceed(chain.request()));
            }
            try (PipelineToolExecutor executor = builder.build()) {
                ToolResult result;
                try {
                    result = executor.execute(
                            OPERATOR, new ToolCall("cli-1", name, arguments), ToolArguments.parse(arguments));
                } finally {
                    servers.close(); // before the executor's index: a late list_changed must find it open
                }
                return switch (result) {
                    case ToolResult.Success success -> {
                        out.println(success.content());
                        yield Main.OK;
                    }
                    case ToolResult.Failure failure -> {
                        String hint = tool.get().sideEffect() == SideEffect.DESTRUCTIVE && !approve
                                ? " (add --approve to approve it yourself)"
                                : "";
                        err.println("lucy tools call: " + failure.error().name().toLowerCase(Locale.ROOT) + ": "
                                + failure.message().lines().findFirst().orElse("") + hint);
                        yield Main.FAILED;
                    }
                };
            }
        }
    }

    /** Starts the servers, waits for each to be tried once, and says in one line which could not be reached. */
    private List<McpServerStatus> started(McpServers servers, ToolRegistry registry) {
        servers.start(registry);
        servers.awaitFirstAttempt(WAIT_FOR_SERVERS);
        List<McpServerStatus> statuses = servers.statuses();
        for (McpServerStatus status : statuses) {
            if (status.state() != McpServerStatus.State.READY) {
                err.println("lucy tools: MCP server '" + status.server() + "' is "
                        + status.state().name().toLowerCase(Locale.ROOT)
                        + (status.detail().isEmpty() ? "" : " (" + status.detail() + ")"));
            }
        }
        return statuses;
    }

    /** Whether a server is not ready; one each person signs in to in Slack cannot be here, and is not counted. */
    private static boolean down(McpServers servers, List<McpServerStatus> statuses) {
        return statuses.stream()
                .filter(s -> servers.config(s.server()).map(c -> !c.personal()).orElse(true))
                .anyMatch(s -> s.state() != McpServerStatus.State.READY);
    }

    private void printTable(ToolRegistry registry) {
        List<Tool> tools = registry.tools();
        int width = tools.stream().mapToInt(t -> t.name().length()).max().orElse(4);
        int serverWidth = Math.max(
                6, tools.stream().mapToInt(t -> t.provider().length()).max().orElse(6));
        String format = "%-" + width + "s  %-" + serverWidth + "s  %-8s  %s%n";
        out.printf(format, "NAME", "SERVER", "APPROVAL", "DESCRIPTION");
        for (Tool tool : tools) {
            String description = tool.description().lines().findFirst().orElse("");
            out.printf(
                    format,
                    tool.name(),
                    tool.provider(),
                    tool.sideEffect() == SideEffect.DESTRUCTIVE ? "yes" : "no",
                    description.length() > 90 ? description.substring(0, 89) + "…" : description);
        }
    }

    private ObjectNode json(ToolRegistry registry, List<McpServerStatus> statuses) {
        ObjectNode root = json.createObjectNode();
        ArrayNode tools = root.putArray("tools");
        for (Tool tool : registry.tools()) {
            ObjectNode t = tools.addObject();
            t.put("name", tool.name());
            t.put("server", tool.provider());
            t.put("label", label(tool));
            t.put("sideEffect", tool.sideEffect().name().toLowerCase(Locale.ROOT));
            t.put("approval", tool.sideEffect() == SideEffect.DESTRUCTIVE);
            t.put("openWorld", tool.tags().contains(McpServers.OPEN_WORLD_TAG));
            t.put("timeoutSeconds", tool.timeout().toMillis() / 1000.0);
            t.put("description", tool.description());
            t.set("schema", tool.schema());
        }
        ArrayNode servers = root.putArray("servers");
        for (McpServerStatus status : statuses) {
            ObjectNode s = servers.addObject();
            s.put("name", status.server());
            s.put("state", status.state().name().toLowerCase(Locale.ROOT));
            s.put("tools", status.tools());
            if (!status.detail().isEmpty()) {
                s.put("detail", status.detail());
            }
        }
        return root;
    }

    /** What a person reads for a tool: {@code everything__get-sum} is "everything: get sum". */
    static String label(Tool tool) {
        return tool.name().replace("__", ": ").replace('_', ' ').replace('-', ' ');
    }
}

package dev.lucy.app.console;

import dev.lucy.app.EmbeddingsLoader;
import dev.lucy.app.LucyEngine;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.Caller;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.store.Database;
import dev.lucy.tools.McpServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code ./lucy console}: chat with Lucy in the terminal against the configured model, through the same pipeline
 * as in Slack (memory in the data directory, tools, output filters). Interactive on a terminal; with input piped
 * in, one message per line and the answers on standard output.
 */
public final class ConsoleCommand {
    /** Messages per minute that no one typing, nor a script waiting for each answer, can reach. */
    private static final int UNLIMITED_PER_MINUTE = 1_000_000;

    /** The console recalls and picks tools by meaning as the bot does ({@code LUCY_EMBEDDINGS}). */
    private static LucyEngine.Builder embeddings(LucyConfig config, LucyEngine.Builder engine) {
        EmbeddingsLoader.load(config.embeddings()).ifPresent(engine::embeddings);
        return engine;
    }

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    public ConsoleCommand(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * The configured runtime without the per-person message limit: the console waits for each answer before it reads
     * the next line, so the one person at the terminal (or a script piping lines in) can never flood it.
     */
    static RuntimeConfig runtimeConfig(LucyConfig config) {
        return config.runtime().toBuilder()
                .userEventsPerMinute(UNLIMITED_PER_MINUTE)
                .build();
    }

    /** Returns 0 at end of input, 2 when no model is configured, 1 when Lucy could not start. */
    public int run(LucyConfig config) {
        if (!config.hasModelServer()) {
            err.println("lucy console: no model API key; set OPENROUTER_API_KEY or OPENAI_API_KEY (or"
                    + " LUCY_MODEL_BASE_URL / OPENAI_BASE_URL for another OpenAI-compatible server). See"
                    + " docs/configuration.md.");
            return 2;
        }
        try (OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.create(config.modelClientConfig());
                Database database = Database.open(config.databaseConfig())) {
            String user = System.getProperty("user.name", "you");
            Console console = new Console(
                    out,
                    err,
                    new Caller(
                            "console",
                            user,
                            "console:" + ProcessHandle.current().pid()),
                    Clock.systemUTC(),
                    (port, observer) -> embeddings(config, LucyEngine.builder(port, model, database))
                            .runtimeConfig(runtimeConfig(config))
                            .resilience(config.resilienceConfig())
                            .toolRateLimits(config.toolRateLimits())
                            .mcpServers(McpServers.of(config.mcpServers()))
                            .agentConfig(config.agentConfig())
                            .memoryExtraction(config.memoryExtraction())
                            .runtimeObserver(observer)
                            .build());
            if (interactive) {
                err.println("Lucy console on " + config.modelChain().get(0)
                        + ". One message per line; /quit or Ctrl-D to leave.");
            }
            // SIGTERM or Ctrl-C: the running answer still finishes (up to the deadline) and is printed
            Thread stop = new Thread(() -> console.close(config.runtime().shutdownDeadline()), "lucy-console-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                console.run(
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                        interactive
                                ? () -> {
                                    out.print("you> ");
                                    out.flush();
                                }
                                : () -> {});
            } finally {
                console.close(config.runtime().shutdownDeadline());
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run; it closed the console
                }
            }
            return 0;
        } catch (IOException e) {
            err.println("lucy console: could not read input: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("lucy console: could not start: " + e.getMessage());
            return 1;
        }
    }
}

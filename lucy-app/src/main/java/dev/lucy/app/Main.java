package dev.lucy.app;

import dev.lucy.app.config.ConfigException;
import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.app.console.ConsoleCommand;
import dev.lucy.app.ops.LogSetup;
import dev.lucy.app.ops.Terminal;
import dev.lucy.core.LucyVersion;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/** The {@code ./lucy} command line. Each subcommand returns a process exit code; nothing here calls exit but main. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /**
     * Lucene (the tool index) looks for the incubating vector API at start and warns when it is absent; Lucy's
     * index does not need it. Held here because the JDK's loggers are only weakly referenced.
     */
    private static final java.util.logging.Logger LUCENE_VECTORS =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Function<String, Optional<Subcommand>> subcommands;
    private final boolean interactive;

    Main(PrintStream out, PrintStream err) {
        this(InputStream.nullInputStream(), out, err, Map.of());
    }

    /** Not at a terminal, as in a container or a script. */
    Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this(in, out, err, env, Subcommand::installed, false);
    }

    /**
     * {@code subcommands} finds {@code demo} and {@code sim} by name; the real one reads the class path.
     * {@code interactive}: a person is at the terminal, so {@code ./lucy} without Slack credentials plays the demo
     * instead of stopping ({@link Start}).
     */
    Main(
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Function<String, Optional<Subcommand>> subcommands,
            boolean interactive) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.subcommands = subcommands;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
        // UTF-8 whatever the locale: formatted answers carry emoji and non-Latin text.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Main(System.in, out, err, System.getenv(), Subcommand::installed, Terminal.attached())
                .run(List.of(args));
        System.exit(code);
    }

    int run(List<String> args) {
        Optional<Path> configFile = Optional.empty();
        if (args.size() >= 2 && args.get(0).equals("--config")) {
            configFile = Optional.of(Path.of(args.get(1)));
            args = args.subList(2, args.size());
        }
        if (args.isEmpty()) {
            return start(configFile);
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "help", "-h", "--help" -> {
                printUsage(out);
                yield OK;
            }
            case "version", "--version" -> {
                out.println(LucyVersion.current());
                yield OK;
            }
            case "demo", "sim" -> runShipped(command, rest);
            case "memory" -> new MemoryCommand(out, err, env).run(rest);
            case "format" -> new FormatCommand(in, out, err).run(rest);
            case "triage" -> new TriageCommand(out, err).run(rest);
            case "console" ->
                config(configFile)
                        .map(config -> new ConsoleCommand(in, out, err, System.console() != null).run(config))
                        .orElse(USAGE);
            default -> {
                err.println("lucy: unknown command '" + command + "'"
                        + (rest.isEmpty() ? "" : " " + Arrays.toString(rest.toArray())));
                printUsage(err);
                yield USAGE;
            }
        };
    }

    /**
     * {@code ./lucy}: the bot when Slack credentials and a model are configured; at a terminal without Slack
     * credentials, the demo (and why); otherwise one line saying what to set, and 2 ({@link Start}).
     */
    private int start(Optional<Path> configFile) {
        Optional<LucyConfig> loaded = config(configFile);
        if (loaded.isEmpty()) {
            return USAGE;
        }
        LucyConfig config = loaded.get();
        return switch (Start.decide(config, interactive)) {
            case Start.RunBot bot -> {
                LogSetup.apply(config);
                Start.modelWarning(config)
                        .ifPresent(
                                warning -> LoggerFactory.getLogger(Main.class).warn(warning));
                yield new BotCommand(err).run(config);
            }
            case Start.Stop stop -> {
                err.println("lucy: " + stop.reason());
                yield USAGE;
            }
            case Start.PlayDemo demo -> playDemo();
        };
    }

    /** The demo, introduced as a simulation because Slack credentials are missing. */
    private int playDemo() {
        Optional<Subcommand> demo = shipped(
                "demo",
                "lucy: no Slack credentials configured (docs/getting-started.md says what to set), and this jar"
                        + " leaves out the demo that plays without them: it ships in lucy-demo, run ./lucy from a"
                        + " checkout of Lucy");
        if (demo.isEmpty()) {
            return USAGE;
        }
        printBanner();
        out.println("No Slack credentials configured, so here is the demo: a simulation on this machine.");
        out.println("To run Lucy in your workspace, see docs/getting-started.md; ./lucy help lists the commands.");
        out.println();
        return demo.get().run(List.of(), out, err);
    }

    /** {@code ./lucy demo} and {@code ./lucy sim}: lucy-demo's, or one line saying where they ship and 1. */
    private int runShipped(String name, List<String> args) {
        return shipped(
                        name,
                        "lucy: the demo and the simulators ship in lucy-demo, which this jar leaves out;"
                                + " run ./lucy from a checkout of Lucy")
                .map(command -> command.run(args, out, err))
                .orElse(FAILED);
    }

    /**
     * The named command from lucy-demo, or empty after printing one line: {@code whenMissing} when nothing on the
     * class path provides it (the bot's own jar, {@code lucy.jar}, leaves it out with the test libraries it
     * needs), or why it could not be loaded.
     */
    private Optional<Subcommand> shipped(String name, String whenMissing) {
        Optional<Subcommand> found;
        try {
            found = subcommands.apply(name);
        } catch (ServiceConfigurationError | IllegalStateException e) {
            err.println("lucy: cannot load './lucy " + name + "': " + e.getMessage());
            return Optional.empty();
        }
        if (found.isEmpty()) {
            err.println(whenMissing);
        }
        return found;
    }

    /** The configuration, or empty after printing the one line that says which setting is wrong. */
    private Optional<LucyConfig> config(Optional<Path> configFile) {
        try {
            return Optional.of(ConfigLoader.load(env, configFile));
        } catch (ConfigException e) {
            err.println("lucy: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void printBanner() {
        out.println("Lucy " + LucyVersion.current() + ": an AI coworker that lives in chat.");
        out.println();
    }

    private static void printUsage(PrintStream to) {
        to.println("Usage: ./lucy [--config FILE] [command]");
        to.println();
        to.println(
                "Without a command: run the Slack bot when SLACK_BOT_TOKEN, SLACK_APP_TOKEN and a model are set; at a");
        to.println("terminal without them, the demo (docs/getting-started.md, docs/configuration.md).");
        to.println();
        to.println("Commands:");
        to.println("  help              show this help");
        to.println("  demo              a simulated Slack workspace and model, and a short conversation with Lucy");
        to.println("  console           chat with Lucy in the terminal (reads stdin line by line when piped)");
        to.println("  version           print the Lucy version");
        to.println("  sim slack         run the Slack simulator on 127.0.0.1 until stopped");
        to.println("  sim model-server  run the scripted model server on 127.0.0.1 until stopped");
        to.println("  memory            list, export, forget what Lucy remembers; try what it would extract");
        to.println(
                "  format            preview how Markdown on stdin reaches Slack (--target mrkdwn|blocks|markdown-block)");
        to.println("  triage TEXT       print as JSON what Lucy would do with a message (no model call)");
        to.println("  bench NAME        run a benchmark (./lucy bench help lists them)");
    }
}

package dev.lucy.app;

import dev.lucy.app.config.ConfigException;
import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.app.console.ConsoleCommand;
import dev.lucy.app.demo.Demo;
import dev.lucy.app.ops.LogSetup;
import dev.lucy.core.LucyVersion;
import dev.lucy.testkit.TestkitMain;
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

    Main(PrintStream out, PrintStream err) {
        this(InputStream.nullInputStream(), out, err, Map.of());
    }

    Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
        // UTF-8 whatever the locale: formatted answers carry emoji and non-Latin text.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Main(System.in, out, err, System.getenv()).run(List.of(args));
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
            case "sim" -> TestkitMain.run(rest, out, err);
            case "memory" -> new MemoryCommand(out, err, env).run(rest);
            case "format" -> new FormatCommand(in, out, err).run(rest);
            case "triage" -> new TriageCommand(out, err).run(rest);
            case "demo" -> demo();
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

    /** {@code ./lucy}: the bot when Slack and a model are configured, the demo (and why) otherwise. */
    private int start(Optional<Path> configFile) {
        Optional<LucyConfig> loaded = config(configFile);
        if (loaded.isEmpty()) {
            return USAGE;
        }
        LucyConfig config = loaded.get();
        if (config.hasSlackCredentials() && config.hasModelCredentials()) {
            LogSetup.apply(config);
            return new BotCommand(err).run(config);
        }
        printBanner();
        out.println("No " + (config.hasSlackCredentials() ? "model API key" : "Slack credentials")
                + " configured, so here is the demo: a simulation on this machine.");
        out.println("To run Lucy in your workspace, see docs/getting-started.md; ./lucy help lists the commands.");
        out.println();
        return demo();
    }

    private int demo() {
        try {
            new Demo(out).run();
            return OK;
        } catch (RuntimeException | AssertionError e) {
            err.println("lucy demo: stopped: " + e.getMessage());
            return FAILED;
        }
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
                "Without a command: run the Slack bot when SLACK_BOT_TOKEN, SLACK_APP_TOKEN and a model key are set,");
        to.println("the demo otherwise (docs/getting-started.md, docs/configuration.md).");
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

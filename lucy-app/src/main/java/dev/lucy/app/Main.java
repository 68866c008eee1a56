package dev.lucy.app;

import dev.lucy.app.cli.Cli;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The {@code ./lucy} command line, one picocli command tree: lucy-app's commands, and those other modules ship
 * ({@link Subcommand}: {@code demo} and {@code sim} from lucy-demo, {@code bench} from lucy-bench), read and
 * answered the same way ({@link Cli}). Each command returns a process exit code; nothing here calls exit but main.
 */
public final class Main {
    static final int OK = Cli.OK;
    static final int FAILED = Cli.FAILED;
    static final int USAGE = Cli.USAGE;

    /** The command as a person types it; also what messages and the usage name. */
    static final String NAME = "./lucy";

    /** The commands other modules ship. */
    private static final Shipped DEMO = new Shipped(
            "demo",
            "Play a short conversation with Lucy in a simulated Slack workspace, on this machine.",
            "the demo and the simulators ship in lucy-demo");

    private static final Shipped SIM = new Shipped(
            "sim",
            "Run a simulator on 127.0.0.1 until stopped: sim slack, sim model-server or sim postgres.",
            "the demo and the simulators ship in lucy-demo");

    private static final Shipped BENCH = new Shipped(
            "bench", "Run a benchmark; ./lucy bench --help lists them.", "the benchmarks ship in lucy-bench");

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
        return Cli.execute(commandLine(), args, out, err);
    }

    /** The whole tree, for one command line: the commands in the order the usage lists them. */
    CommandLine commandLine() {
        Lucy lucy = new Lucy();
        CommandLine line = new CommandLine(lucy);
        line.addSubcommand("help", new HelpCommand());
        line.addSubcommand(DEMO.name(), shippedCommand(DEMO));
        line.addSubcommand(new CommandLine(new Console(lucy)));
        line.addSubcommand(new CommandLine(new Version()));
        line.addSubcommand(SIM.name(), shippedCommand(SIM));
        line.addSubcommand(new CommandLine(new MemoryCommand(out, err, env)));
        line.addSubcommand(new CommandLine(new SchedulesCommand(out, err, env)));
        line.addSubcommand(new CommandLine(new ToolsCommand(out, err, this::config)));
        line.addSubcommand(new CommandLine(new FormatCommand(in, out, err)));
        line.addSubcommand(new CommandLine(new TriageCommand(out)));
        line.addSubcommand(BENCH.name(), shippedCommand(BENCH));
        line.addSubcommand(new CommandLine(new Completion()));
        return line;
    }

    /**
     * The installed command, or one that says in one line why it is not there: a broken module costs its own
     * command, never {@code ./lucy} itself.
     */
    private CommandLine shippedCommand(Shipped shipped) {
        try {
            return subcommands
                    .apply(shipped.name())
                    .map(command -> command.command(out, err))
                    .orElseGet(() -> absent(
                            shipped,
                            shipped.whereItShips() + ", which this jar leaves out; run ./lucy"
                                    + (shipped == BENCH ? " bench" : "") + " from a checkout of Lucy"));
        } catch (ServiceConfigurationError | RuntimeException e) {
            return absent(shipped, "cannot load './lucy " + shipped.name() + "': " + e.getMessage());
        }
    }

    private CommandLine absent(Shipped shipped, String why) {
        CommandLine line = new CommandLine(new Absent("lucy: " + why));
        line.getCommandSpec().usageMessage().description(shipped.description(), "Not here: " + why + ".");
        return line;
    }

    /**
     * {@code ./lucy}: the bot when Slack credentials and a model are configured; without Slack credentials, the demo
     * (and why) where it ships or a person is at the terminal; otherwise one line saying what to set, and 2
     * ({@link Start}).
     */
    private int start(Optional<Path> configFile) {
        Optional<LucyConfig> loaded = config(configFile);
        if (loaded.isEmpty()) {
            return USAGE;
        }
        LucyConfig config = loaded.get();
        // ./lucy runs from lucy-demo's jar, which ships the demo: the README promises it without credentials, with or
        // without a terminal. The bot's own jar (a container) has no demo, and stops there unless a person is present.
        boolean demoFirst = interactive || subcommands.apply(DEMO.name()).isPresent();
        return switch (Start.decide(config, demoFirst)) {
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

    /** {@code ./lucy}: without a command, the bot (or the demo); with one, that command. */
    @Command(
            name = NAME,
            synopsisSubcommandLabel = "[COMMAND]",
            versionProvider = LucyVersionProvider.class,
            description = {
                "Lucy, an AI coworker that lives in chat.",
                "Without a command: run the Slack bot when SLACK_BOT_TOKEN, SLACK_APP_TOKEN and a model are set; at a"
                        + " terminal without them, the demo (docs/getting-started.md, docs/configuration.md)."
            },
            commandListHeading = "%nCommands:%n")
    final class Lucy implements Callable<Integer> {
        @Mixin
        SettingsFile settings = new SettingsFile();

        @Option(
                names = {"-V", "--version"},
                versionHelp = true,
                description = "Print the Lucy version and exit.")
        boolean version;

        @Override
        public Integer call() {
            return start(settings.file());
        }
    }

    /** {@code --config FILE}, taken before the command and after those that read settings. */
    static final class SettingsFile {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Read settings from this properties file; environment variables win over it"
                        + " (docs/configuration.md).")
        Path file;

        Optional<Path> file() {
            return Optional.ofNullable(file);
        }
    }

    @Command(
            name = "console",
            description = {
                "Chat with Lucy in the terminal against the configured model.",
                "Reads standard input line by line when it is piped, and prints each answer."
            })
    final class Console implements Callable<Integer> {
        private final Lucy lucy;

        @Mixin
        SettingsFile settings = new SettingsFile();

        Console(Lucy lucy) {
            this.lucy = lucy;
        }

        @Override
        public Integer call() {
            return config(settings.file().or(lucy.settings::file))
                    .map(config -> new ConsoleCommand(in, out, err, System.console() != null).run(config))
                    .orElse(USAGE);
        }
    }

    @Command(name = "version", description = "Print the Lucy version.")
    final class Version implements Callable<Integer> {
        @Override
        public Integer call() {
            out.println(LucyVersion.current());
            return OK;
        }
    }

    @Command(
            name = "completion",
            description = {
                "Print a bash completion script for ./lucy (zsh reads it too, after bashcompinit).",
                "Try it with: source <(./lucy completion); docs/getting-started.md says how to keep it."
            })
    final class Completion implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            // not println: a completion script with Windows line ends fails in strange ways
            out.print(AutoComplete.bash("lucy", spec.root().commandLine()));
            out.print("complete -F _complete_lucy -o default " + NAME + "\n");
            out.flush();
            return OK;
        }
    }

    /** A shipped command this class path leaves out: whatever follows its name, it says so in one line. */
    @Command
    final class Absent implements Callable<Integer> {
        private final String why;

        @Unmatched
        List<String> words;

        Absent(String why) {
            this.why = why;
        }

        @Override
        public Integer call() {
            err.println(why);
            return FAILED;
        }
    }

    /** {@code ./lucy --version}. */
    static final class LucyVersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {LucyVersion.current()};
        }
    }

    /** A command another module ships: its name, what the usage says of it, and where it ships. */
    private record Shipped(String name, String description, String whereItShips) {}
}

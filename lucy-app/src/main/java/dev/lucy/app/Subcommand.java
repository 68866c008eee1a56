package dev.lucy.app;

import dev.lucy.app.cli.Cli;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A {@code ./lucy} command that ships outside lucy-app, so the bot's jar carries none of its dependencies:
 * {@code demo} and {@code sim} live in lucy-demo, with the testkit's simulators, and {@code bench} in lucy-bench.
 * {@link Main} knows their names and finds the implementation on the class path ({@link #installed(String)}); a
 * module registers its implementations in {@code META-INF/services/dev.lucy.app.Subcommand}.
 *
 * <p>Each contributes its command line as a picocli command ({@link #command}): options, parameters and
 * subcommands with their descriptions and defaults, which {@code ./lucy} puts into its own tree, so help, usage
 * errors, suggestions and shell completion work the same everywhere ({@link Cli}).
 *
 * <p>Implementations need a public no-argument constructor and are created once per command line. There is no
 * default: without the module on the class path, {@code ./lucy NAME} says where it ships and exits with 1.
 */
public interface Subcommand {

    /** The word after {@code ./lucy} that runs this command, for example {@code demo}. */
    String name();

    /**
     * A new picocli command line for {@code ./lucy NAME}, named {@link #name()}. The command that runs (this one, or
     * the subcommand the arguments name) is a {@code Callable<Integer>} returning the process exit code: 0 when it
     * did what was asked, 1 when it failed, 2 for a usage error (or it throws picocli's {@code ParameterException}).
     * It prints to {@code out} and {@code err}, never a stack trace, may block until it ends, and does not call
     * {@link System#exit}.
     */
    CommandLine command(PrintStream out, PrintStream err);

    /** Runs {@code ./lucy NAME ARGS} with this command alone and returns the exit code, as {@link Main} would. */
    default int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine lucy = new CommandLine(CommandSpec.create().name(Main.NAME));
        lucy.addSubcommand(name(), command(out, err));
        List<String> line = new ArrayList<>(List.of(name()));
        line.addAll(args);
        return Cli.execute(lucy, line, out, err);
    }

    /**
     * The command named {@code name} registered on the class path, or empty when none is.
     *
     * @throws java.util.ServiceConfigurationError when a registered implementation cannot be loaded
     * @throws IllegalStateException when more than one implementation claims the name
     */
    static Optional<Subcommand> installed(String name) {
        List<Subcommand> found = ServiceLoader.load(Subcommand.class, Subcommand.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .filter(command -> command.name().equals(name))
                .toList();
        if (found.size() > 1) {
            throw new IllegalStateException("more than one './lucy " + name + "' on the class path: "
                    + found.stream().map(c -> c.getClass().getName()).collect(Collectors.joining(", ")));
        }
        return found.stream().findFirst();
    }
}

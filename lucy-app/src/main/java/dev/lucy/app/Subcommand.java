package dev.lucy.app;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A {@code ./lucy} command that ships outside lucy-app, so the bot's jar carries none of its dependencies:
 * {@code demo} and {@code sim} live in lucy-demo, with the testkit's simulators. {@link Main} knows their names
 * and finds the implementation on the class path ({@link #installed(String)}); lucy-demo registers its
 * implementations in {@code META-INF/services/dev.lucy.app.Subcommand}.
 *
 * <p>Implementations need a public no-argument constructor, are created once per command line and may block
 * until the command ends. There is no default: without lucy-demo on the class path, {@code ./lucy demo} and
 * {@code ./lucy sim} say where they ship and exit with 1.
 */
public interface Subcommand {

    /** The word after {@code ./lucy} that runs this command, for example {@code demo}. */
    String name();

    /**
     * Runs the command with the words that followed its name and returns the process exit code: 0 when it did
     * what was asked, 1 when it failed, 2 for a usage error. It prints to {@code out} and {@code err}, never a
     * stack trace, and does not call {@link System#exit}.
     */
    int run(List<String> args, PrintStream out, PrintStream err);

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

package dev.lucy.bench;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A benchmark that reads its options first and then measures, so every such benchmark documents, reads and reports
 * its options the same way: its {@link BenchArgs} are the options of {@code ./lucy bench NAME} and what
 * {@code --help} shows; a bad option is a usage error ({@link BenchMain#USAGE}), and an interrupt ends it with
 * {@code lucy bench NAME: interrupted} and {@link BenchMain#FAILED}.
 *
 * @param <S> the settings the options are read into
 */
abstract class OptionsBench<S> implements BenchMain.Bench {
    private final String name;
    private final String[] description;
    private final Supplier<? extends BenchArgs<S>> args;

    /**
     * @param description what the benchmark measures: the first line is its summary in {@code ./lucy bench --help}
     * @param args new, unparsed options for one command line
     */
    OptionsBench(String name, Supplier<? extends BenchArgs<S>> args, String... description) {
        this.name = name;
        this.description = description.clone();
        this.args = args;
    }

    /** Runs the benchmark with its settings, prints the report to {@code out}; returns the exit status. */
    abstract int measure(S settings, PrintStream out, PrintStream err) throws InterruptedException;

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final CommandLine command(PrintStream out, PrintStream err) {
        BenchArgs<S> options = args.get();
        CommandLine line = new CommandLine(new Measure(options, out, err));
        CommandSpec spec = line.getCommandSpec();
        spec.name(name);
        spec.usageMessage().description(description);
        spec.addMixin("options", CommandSpec.forAnnotatedObject(options));
        return line;
    }

    /** Reads the settings, then measures. */
    @Command
    private final class Measure implements Callable<Integer> {
        private final BenchArgs<S> options;
        private final PrintStream out;
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        Measure(BenchArgs<S> options, PrintStream out, PrintStream err) {
            this.options = options;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            S settings;
            try {
                settings = options.settings();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                return measure(settings, out, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("lucy bench " + name + ": interrupted");
                return BenchMain.FAILED;
            }
        }
    }
}

package dev.lucy.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A benchmark that reads its options first and then measures, so every such benchmark reports a bad option and
 * an interrupt the same way: {@code lucy bench NAME: why} (then the usage line, when it has one) ending with
 * {@link BenchMain#USAGE}, and {@code lucy bench NAME: interrupted} ending with {@link BenchMain#FAILED}.
 *
 * @param <S> the options, as the parser reads them
 */
abstract class OptionsBench<S> implements BenchMain.Bench {
    private final String name;
    private final String summary;
    private final Function<List<String>, S> parser;
    private final Optional<String> usage;

    /** @param parser reads the options; throws {@link IllegalArgumentException} naming a bad one */
    OptionsBench(String name, String summary, Function<List<String>, S> parser) {
        this(name, summary, parser, Optional.empty());
    }

    /** @param usage the line printed after a bad option's message */
    OptionsBench(String name, String summary, Function<List<String>, S> parser, String usage) {
        this(name, summary, parser, Optional.of(usage));
    }

    private OptionsBench(String name, String summary, Function<List<String>, S> parser, Optional<String> usage) {
        this.name = name;
        this.summary = summary;
        this.parser = parser;
        this.usage = usage;
    }

    /** Runs the benchmark with its options, prints the report to {@code out}; returns the exit status. */
    abstract int measure(S options, PrintStream out, PrintStream err) throws InterruptedException;

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final int run(List<String> args, PrintStream out, PrintStream err) {
        S options;
        try {
            options = parser.apply(args);
        } catch (IllegalArgumentException e) {
            err.println("lucy bench " + name + ": " + e.getMessage());
            usage.ifPresent(err::println);
            return BenchMain.USAGE;
        }
        try {
            return measure(options, out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("lucy bench " + name + ": interrupted");
            return BenchMain.FAILED;
        }
    }
}

package dev.lucy.bench;

import dev.lucy.app.Subcommand;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./lucy bench}: lucy-bench's benchmarks as a {@code ./lucy} command ({@code META-INF/services}), one
 * subcommand per benchmark, each documented by the options it reads.
 */
public final class BenchCommand implements Subcommand {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public CommandLine command(PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Benchmarks(err));
        line.addSubcommand("help", new HelpCommand());
        for (BenchMain.Bench bench : BenchMain.benches()) {
            line.addSubcommand(bench.name(), bench.command(out, err));
        }
        return line;
    }

    @Command(
            name = "bench",
            synopsisSubcommandLabel = "BENCHMARK",
            commandListHeading = "%nBenchmarks:%n",
            description = {
                "Run a benchmark and print its report: a table, then one JSON line for scripts.",
                "Results and how to read them: docs/performance.md. ./lucy bench NAME --help shows a benchmark's"
                        + " options."
            })
    static final class Benchmarks implements Callable<Integer> {
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        Benchmarks(PrintStream err) {
            this.err = err;
        }

        /** {@code ./lucy bench} alone: the benchmarks, as a usage error. */
        @Override
        public Integer call() {
            spec.commandLine().usage(err);
            return BenchMain.USAGE;
        }
    }
}

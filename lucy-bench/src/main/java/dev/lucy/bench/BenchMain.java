package dev.lucy.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code ./lucy bench NAME [options]}: runs one of Lucy's benchmarks and prints its report. {@code ./lucy} finds
 * the benchmarks through {@link BenchCommand}; this class lists them and runs {@code ./lucy bench} on its own (the
 * load benchmarks start their model server in a child JVM this way).
 *
 * <p>Each benchmark is a {@link Bench} registered in {@link #benches()}; it prints a human-readable table and,
 * last, one JSON line a script can parse.
 */
public final class BenchMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** One runnable benchmark. */
    interface Bench {
        /** The word after {@code ./lucy bench}. */
        String name();

        /**
         * A new picocli command for {@code ./lucy bench NAME}, named {@link #name()}: its options with descriptions
         * and defaults, and a {@code Callable<Integer>} that runs the benchmark and returns the exit code.
         */
        CommandLine command(PrintStream out, PrintStream err);

        /** Runs {@code ./lucy bench NAME ARGS} and returns the exit code. */
        default int run(List<String> args, PrintStream out, PrintStream err) {
            List<String> line = new ArrayList<>(List.of(name()));
            line.addAll(args);
            return BenchMain.run(line, out, err);
        }
    }

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Every benchmark, by name. */
    static List<Bench> benches() {
        List<Bench> benches = new ArrayList<>(List.of(
                new BaselineBench(),
                new CatalogueCacheBench(),
                new FastPathBench(),
                new JmhBench(),
                new ModelServerBench(),
                new SlackSimBench(),
                new MemoryWriteBench(),
                new ScheduleBench(),
                new MemoryRecallBench(),
                new MemoryQualityBench(),
                new RetrievalBench(),
                new FormatterBench(),
                new RuntimeLoadBench(),
                new ModelCallCostBench(),
                new ModelServers.ServeBench(),
                new AppLoadBench(),
                new LoadedLucy.Serve(),
                new ReplicasBench(),
                new PlotBench()));
        benches.sort(Comparator.comparing(Bench::name));
        return List.copyOf(benches);
    }

    /** Runs {@code ./lucy bench ARGS} and returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return new BenchCommand().run(args, out, err);
    }
}

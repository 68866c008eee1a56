package dev.lucy.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./lucy bench NAME [options]}: runs one of Lucy's benchmarks and prints its report.
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
        String summary();

        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static Map<String, Bench> benches() {
        Map<String, Bench> benches = new TreeMap<>();
        benches.put("baseline", new BaselineBench());
        benches.put("catalogue-cache", new CatalogueCacheBench());
        benches.put("fast-path", new FastPathBench());
        benches.put("jmh", new JmhBench());
        benches.put("model-server", new ModelServerBench());
        benches.put("slack-sim", new SlackSimBench());
        benches.put("memory-writes", new MemoryWriteBench());
        benches.put("memory-recall", new MemoryRecallBench());
        benches.put("retrieval", new RetrievalBench());
        benches.put("formatter", new FormatterBench());
        benches.put("runtime-load", new RuntimeLoadBench());
        benches.put("model-call-cost", new ModelCallCostBench());
        benches.put(ModelServers.ServeBench.NAME, new ModelServers.ServeBench());
        benches.put("load", new AppLoadBench());
        benches.put(ReplicasBench.NAME, new ReplicasBench());
        return benches;
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, Bench> benches = benches();
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            usage(benches, args.isEmpty() ? err : out);
            return args.isEmpty() ? USAGE : OK;
        }
        Bench bench = benches.get(args.get(0));
        if (bench == null) {
            err.println("lucy bench: unknown benchmark '" + args.get(0) + "'");
            usage(benches, err);
            return USAGE;
        }
        return bench.run(args.subList(1, args.size()), out, err);
    }

    private static void usage(Map<String, Bench> benches, PrintStream to) {
        to.println("Usage: ./lucy bench NAME [options]");
        to.println();
        to.println("Benchmarks:");
        benches.forEach((name, bench) -> to.printf("  %-16s %s%n", name, bench.summary()));
    }
}

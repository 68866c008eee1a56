package dev.lucy.testkit;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one of the testkit's loopback servers as a standalone process: {@code TestkitMain SERVER [options]},
 * also reachable as {@code ./lucy sim SERVER [options]}. It prints the server's base URL and serves until the process is
 * stopped.
 */
public final class TestkitMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private TestkitMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the named server until the process stops; returns at once with {@link #USAGE} on bad arguments. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, new CountDownLatch(1));
    }

    /** Like {@link #run(List, PrintStream, PrintStream)}, but the server stops when {@code stop} opens. */
    static int run(List<String> args, PrintStream out, PrintStream err, CountDownLatch stop) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? USAGE : OK;
        }
        List<String> options = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "model-server" -> ModelServerCommand.run(options, out, err, stop);
            default -> {
                err.println("lucy sim: unknown server '" + args.get(0) + "'");
                usage(err);
                yield USAGE;
            }
        };
    }

    private static void usage(PrintStream to) {
        to.println("Usage: lucy sim SERVER [options]");
        to.println();
        to.println("Servers:");
        to.println("  model-server [--port N] [--model NAME]...   scripted OpenAI-compatible model server");
    }
}

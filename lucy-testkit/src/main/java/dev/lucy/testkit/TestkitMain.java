package dev.lucy.testkit;

import dev.lucy.testkit.postgres.EmbeddedPostgres;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
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
            case "slack" -> {
                Optional<SlackSimulator> slack = startSlack(options, out, err);
                if (slack.isEmpty()) {
                    yield FAILED;
                }
                yield serveUntilStopped(slack.get()::close, stop);
            }
            case "postgres" -> {
                Optional<EmbeddedPostgres> postgres = startPostgres(options, out, err);
                if (postgres.isEmpty()) {
                    yield options.isEmpty() ? FAILED : USAGE;
                }
                yield serveUntilStopped(postgres.get()::close, stop);
            }
            default -> {
                err.println("lucy sim: unknown server '" + args.get(0) + "'");
                usage(err);
                yield USAGE;
            }
        };
    }

    /** Starts the Slack simulator from command-line options and prints how to reach it; empty when it cannot. */
    static Optional<SlackSimulator> startSlack(List<String> args, PrintStream out, PrintStream err) {
        SlackSimulator.Builder builder = SlackSimulator.builder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--port") && i + 1 < args.size()) {
                try {
                    builder.port(Integer.parseInt(args.get(++i)));
                } catch (IllegalArgumentException e) {
                    err.println("lucy sim slack: --port needs a port number between 0 and 65535, got '" + args.get(i)
                            + "'");
                    return Optional.empty();
                }
            } else {
                err.println("lucy sim slack: unknown option '" + arg + "'");
                usage(err);
                return Optional.empty();
            }
        }
        SlackSimulator slack;
        try {
            slack = builder.start();
        } catch (IllegalStateException e) {
            err.println("lucy sim slack: " + e.getMessage());
            return Optional.empty();
        }
        out.println("Slack simulator listening on " + slack.baseUrl());
        out.println("  Web API (SlackConfig methodsEndpointUrlPrefix): " + slack.methodsUrl());
        out.println("  SLACK_BOT_TOKEN=" + slack.botToken());
        out.println("  SLACK_APP_TOKEN=" + slack.appToken());
        out.println("  team " + slack.teamId() + ", bot <@" + slack.botUserId() + ">, users alice and bob in #general");
        out.println("  post as a user: curl -d user=alice -d channel=general -d 'text=<@" + slack.botUserId() + "> hi' "
                + slack.baseUrl() + "sim/post");
        out.println("  read a thread:  curl '" + slack.baseUrl() + "sim/thread?channel=general&ts=TS'");
        out.flush();
        return Optional.of(slack);
    }

    /**
     * Starts an embedded PostgreSQL on loopback (durable: fsync on) with an empty database {@code lucy}, and prints how
     * to point replicas at it; empty when it cannot.
     */
    static Optional<EmbeddedPostgres> startPostgres(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("lucy sim postgres: unknown option '" + args.get(0) + "'");
            usage(err);
            return Optional.empty();
        }
        EmbeddedPostgres postgres;
        String url;
        try {
            postgres = EmbeddedPostgres.start(true);
            url = postgres.createDatabase("lucy");
        } catch (RuntimeException e) {
            err.println("lucy sim postgres: " + e.getMessage());
            return Optional.empty();
        }
        out.println("PostgreSQL listening on 127.0.0.1:" + postgres.port() + " (its data is deleted when this stops)");
        out.println("  LUCY_DATABASE_URL=" + url);
        out.println("  run each replica with its own name and data directory, for example:");
        out.println("    LUCY_DATABASE_URL='" + url
                + "' LUCY_INSTANCE=lucy-1 LUCY_DATA_DIR=data-1 LUCY_OPS_PORT=8081 ./lucy");
        out.println("    LUCY_DATABASE_URL='" + url
                + "' LUCY_INSTANCE=lucy-2 LUCY_DATA_DIR=data-2 LUCY_OPS_PORT=8082 ./lucy");
        out.flush();
        return Optional.of(postgres);
    }

    /**
     * Serves until {@code stop} opens, then runs {@code close}; stopping the process (Ctrl-C) runs {@code close}
     * from a shutdown hook instead.
     */
    static int serveUntilStopped(Runnable close, CountDownLatch stop) {
        Thread closer = new Thread(close, "lucy-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run; the server is closed either way.
            }
        }
        return OK;
    }

    private static void usage(PrintStream to) {
        to.println("Usage: lucy sim SERVER [options]");
        to.println();
        to.println("Servers:");
        to.println("  model-server [--port N] [--model NAME]...   scripted OpenAI-compatible model server");
        to.println("  slack [--port N]                             Slack Web API and Socket Mode simulator");
        to.println("  postgres                                     PostgreSQL on loopback, to try several replicas");
    }
}

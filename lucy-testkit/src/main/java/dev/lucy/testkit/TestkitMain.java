package dev.lucy.testkit;

import dev.lucy.testkit.slack.SlackSimulator;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the testkit's loopback servers as standalone processes: {@code java dev.lucy.testkit.TestkitMain slack
 * [--port N]}, or {@code ./lucy sim slack}. Prints where they listen and serves until the process is killed.
 */
public final class TestkitMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private TestkitMain() {}

    public static void main(String[] args) {
        int code = run(List.of(args), System.out, System.err);
        System.exit(code);
    }

    /** Runs one server until the process ends; returns an exit code only when it could not start. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? USAGE : OK;
        }
        String server = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (server) {
            case "slack" -> {
                Optional<SlackSimulator> slack = startSlack(rest, out, err);
                if (slack.isEmpty()) {
                    yield FAILED;
                }
                yield serveUntilKilled(slack.get());
            }
            default -> {
                err.println("lucy sim: unknown server '" + server + "'");
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

    private static int serveUntilKilled(SlackSimulator slack) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            slack.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slack.close();
        }
        return OK;
    }

    private static void usage(PrintStream to) {
        to.println("Usage: lucy sim SERVER [options]");
        to.println();
        to.println("Servers:");
        to.println("  slack [--port N]   Slack Web API and Socket Mode simulator on 127.0.0.1");
    }
}

package dev.lucy.testkit;

import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The testkit's loopback servers run on their own, as {@code ./lucy sim SERVER} runs them: each prints how to reach
 * it and serves until the process is stopped (Ctrl-C). The command line that chooses a server and reads its options
 * is lucy-demo's; these take the values it read.
 *
 * <p>Each method blocks while its server serves and returns the process exit code: 0 once stopped, 1 when the
 * server could not start (after one line on {@code err} saying why).
 */
public final class StandaloneServers {
    static final int OK = 0;
    static final int FAILED = 1;

    private StandaloneServers() {}

    /** The Slack simulator on {@code port} (0 for any free one) until the process stops. */
    public static int slack(int port, PrintStream out, PrintStream err) {
        return slack(port, out, err, new CountDownLatch(1));
    }

    static int slack(int port, PrintStream out, PrintStream err, CountDownLatch stop) {
        return startSlack(port, out, err)
                .map(slack -> serveUntilStopped(slack::close, stop))
                .orElse(FAILED);
    }

    /**
     * The scripted model server on {@code port} (0 for any free one), offering {@code models} (its default model
     * when empty) and echoing the last user message, until the process stops.
     */
    public static int modelServer(int port, List<String> models, PrintStream out, PrintStream err) {
        return modelServer(port, models, out, err, new CountDownLatch(1));
    }

    static int modelServer(int port, List<String> models, PrintStream out, PrintStream err, CountDownLatch stop) {
        ScriptedModelServer server;
        try {
            ScriptedModelServer.Builder builder = ScriptedModelServer.builder().port(port);
            if (!models.isEmpty()) {
                builder.models(models.toArray(String[]::new));
            }
            server = builder.start();
        } catch (RuntimeException e) {
            err.println("lucy sim model-server: " + e.getMessage());
            return FAILED;
        }
        out.println(server.baseUrl());
        out.println("Scripted OpenAI-compatible model server; it echoes the last user message. Stop it with Ctrl-C.");
        out.flush();
        return serveUntilStopped(server::close, stop);
    }

    /** PostgreSQL on loopback with an empty database {@code lucy}, until the process stops. */
    public static int postgres(PrintStream out, PrintStream err) {
        return postgres(out, err, new CountDownLatch(1));
    }

    static int postgres(PrintStream out, PrintStream err, CountDownLatch stop) {
        return startPostgres(out, err)
                .map(postgres -> serveUntilStopped(postgres::close, stop))
                .orElse(FAILED);
    }

    /** Starts the Slack simulator and prints how to reach it; empty, after one line on {@code err}, when it cannot. */
    static Optional<SlackSimulator> startSlack(int port, PrintStream out, PrintStream err) {
        SlackSimulator slack;
        try {
            slack = SlackSimulator.builder().port(port).start();
        } catch (IllegalStateException | IllegalArgumentException e) {
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
    static Optional<EmbeddedPostgres> startPostgres(PrintStream out, PrintStream err) {
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
}

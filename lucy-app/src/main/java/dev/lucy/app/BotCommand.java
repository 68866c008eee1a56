package dev.lucy.app;

import dev.lucy.app.config.LucyConfig;
import dev.lucy.app.ops.LucyMetrics;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.ops.Shutdown;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.slack.FormatOptions;
import dev.lucy.tools.ToolMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./lucy} with Slack and model credentials: the bot itself, with the operations endpoint, metrics and a
 * graceful shutdown on SIGTERM. Blocks until the process is told to stop.
 */
final class BotCommand {
    private static final Logger log = LoggerFactory.getLogger(BotCommand.class);

    private final PrintStream err;

    BotCommand(PrintStream err) {
        this.err = err;
    }

    int run(LucyConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ToolMetrics toolMetrics = new ToolMetrics();
        LucyMetrics metrics = LucyMetrics.create(registry, toolMetrics);
        AutoCloseable jvmMetrics = LucyMetrics.bindJvmMetrics(registry);
        LucyApp app = appFor(config)
                .agentObserver(metrics)
                .runtimeObserver(metrics)
                .engine(engine -> engine.toolMetrics(toolMetrics))
                .build();
        try {
            app.start();
        } catch (RuntimeException e) {
            err.println("lucy: could not start: " + e.getMessage());
            log.error("start-up failed", e);
            app.close();
            return Main.FAILED;
        }
        Optional<OpsServer> ops = Optional.empty();
        if (config.opsEnabled()) {
            ops = Optional.of(OpsServer.builder()
                    .host(config.opsHost())
                    .port(config.opsPort())
                    .metrics(registry)
                    .readiness("slack", app::ready)
                    .build()
                    .start());
            log.info(
                    "health, readiness and metrics on http://{}:{}/",
                    config.opsHost(),
                    ops.get().port());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Shutdown.Builder shutdown = Shutdown.builder().deadline(config.runtime().shutdownDeadline());
        ops.ifPresent(server -> shutdown.stopAccepting("readiness", server::drain));
        shutdown.drain("answers in flight", app::shutdown)
                .close("metrics", jvmMetrics)
                .close(
                        "operations endpoint",
                        ops.<AutoCloseable>map(server -> server).orElse(() -> {}))
                .close("main thread", stopped::countDown);
        Shutdown steps = shutdown.build();
        Runtime.getRuntime().addShutdownHook(steps.hook());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            steps.run();
        }
        return Main.OK;
    }

    /** The app as the configuration describes it: Slack, model chain, database, limits. */
    static LucyApp.Builder appFor(LucyConfig config) {
        SlackTransportConfig.Builder slack = SlackTransportConfig.builder()
                .mode(
                        config.slackMode() == dev.lucy.app.config.SlackMode.HTTP
                                ? SlackTransportConfig.Mode.HTTP
                                : SlackTransportConfig.Mode.SOCKET)
                .webApiUrl(config.slackApiUrl().toString())
                .httpPort(config.httpPort());
        config.slackBotToken().ifPresent(token -> slack.botToken(token.reveal()));
        config.slackAppToken().ifPresent(token -> slack.appToken(token.reveal()));
        config.slackSigningSecret().ifPresent(secret -> slack.signingSecret(secret.reveal()));
        List<String> chain = config.modelChain();
        ResilienceConfig.Builder resilience = ResilienceConfig.builder();
        for (ModelTier tier : ModelTier.values()) {
            resilience.tier(tier, chain);
        }
        FormatOptions format = FormatOptions.defaults().toBuilder()
                .allowBroadcasts(config.allowBroadcasts())
                .build();
        return LucyApp.builder()
                .slack(slack.build())
                .model(config.modelClientConfig())
                .resilience(resilience.build())
                .agentConfig(config.agentConfig())
                .runtimeConfig(config.runtime())
                .dataDirectory(config.dataDir())
                .database(config.databaseConfig())
                .slackPort(port -> port.formatOptions(format));
    }
}

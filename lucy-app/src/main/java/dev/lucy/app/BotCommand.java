package dev.lucy.app;

import dev.lucy.app.config.LucyConfig;
import dev.lucy.app.ops.LucyMetrics;
import dev.lucy.app.ops.McpSignInPages;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.ops.Redactor;
import dev.lucy.app.ops.Shutdown;
import dev.lucy.app.ops.SlackInstallPages;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.app.web.Playground;
import dev.lucy.app.web.SlackSignIn;
import dev.lucy.app.web.TraceRecorder;
import dev.lucy.app.web.WebConsole;
import dev.lucy.slack.FormatOptions;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcMcpSignInStore;
import dev.lucy.store.JdbcMcpTokenStore;
import dev.lucy.store.JdbcRunTraces;
import dev.lucy.store.SecretBox;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import dev.lucy.tools.ToolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
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

    /** Runs the bot until the process is told to stop (SIGTERM, SIGINT); returns the exit code. */
    int run(LucyConfig config) {
        Running bot;
        try {
            bot = start(config);
        } catch (RuntimeException e) {
            err.println("lucy: could not start: " + e.getMessage());
            if (e instanceof dev.lucy.core.LucyException) {
                // Expected (a port taken, Slack unreachable): the sentence says it all, a stack trace would not help.
                log.error("start-up failed: {}", e.getMessage());
            } else {
                log.error("start-up failed", e);
            }
            return Main.FAILED;
        }
        // The one-time link goes to the terminal only, never to the logs: it is a credential, used up by its first use.
        bot.console.ifPresent(console ->
                err.println("Lucy's web console: open " + console.signInLink() + " to sign in (the link works once)"));
        Runtime.getRuntime().addShutdownHook(bot.shutdown.hook());
        try {
            bot.stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bot.close();
        }
        return Main.OK;
    }

    /** Starts the bot, its metrics and its operations endpoint; closing it is the graceful shutdown. */
    static Running start(LucyConfig config) {
        java.util.concurrent.atomic.AtomicInteger opsPort =
                new java.util.concurrent.atomic.AtomicInteger(config.opsPort());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ToolMetrics toolMetrics = new ToolMetrics();
        LucyMetrics metrics = LucyMetrics.create(registry, toolMetrics);
        AutoCloseable jvmMetrics = LucyMetrics.bindJvmMetrics(registry);
        java.util.concurrent.atomic.AtomicReference<TraceRecorder> tracing =
                new java.util.concurrent.atomic.AtomicReference<>();
        Playground playground = new Playground(Clock.systemUTC());
        LucyApp.Builder bot = appFor(config)
                .engine(engine ->
                        config.opsEnabled() && config.mcpServers().stream().anyMatch(McpServerConfig::personal)
                                ? engine.mcpServers(
                                        mcpServers(config, engine.database(), () -> publicUrl(config, opsPort.get())))
                                : engine)
                .agentObserver(metrics)
                .runtimeObserver(metrics)
                .slackCalls(metrics)
                .engine(engine ->
                        engine.toolMetrics(toolMetrics).modelListener(metrics).modelWrapper(metrics::measured))
                .engine(engine -> traced(config, engine, metrics, tracing))
                .engine(engine -> config.console().enabled() ? engine.playground(playground) : engine);
        if (config.slackOAuth().isPresent() && !config.opsEnabled()) {
            log.warn("SLACK_CLIENT_ID is set but the operations endpoint is off (LUCY_OPS_PORT=off): no workspace can"
                    + " install Lucy until it is on");
        }
        config.slackOAuth()
                .filter(oauth -> config.opsEnabled())
                .ifPresent(oauth ->
                        bot.slackInstalls(oauth, SecretKeys.box(config), () -> publicUrl(config, opsPort.get())));
        LucyApp app = bot.build();
        try {
            app.start();
        } catch (RuntimeException e) {
            app.close();
            Optional.ofNullable(tracing.get()).ifPresent(TraceRecorder::close);
            throw e;
        }
        Optional<TraceRecorder> traces = Optional.ofNullable(tracing.get());
        Optional<WebConsole> console;
        try {
            console = console(config, app, registry, traces, playground);
        } catch (RuntimeException e) {
            app.close();
            traces.ifPresent(TraceRecorder::close);
            throw e;
        }
        LucyMetrics.bindRuntime(registry, app.engine().runtime()::stats);
        LucyMetrics.bindSchedules(registry, app.engine().scheduler());
        Optional<OpsServer> ops = Optional.empty();
        if (config.opsEnabled()) {
            try {
                OpsServer.Builder opsBuilder = OpsServer.builder()
                        .host(config.opsHost())
                        .port(config.opsPort())
                        .metrics(registry)
                        .readiness("slack", app::ready)
                        .readiness("database", () -> app.engine().database().read(c -> c.isValid(2)))
                        .state("mcpServers", () -> mcpStates(app));
                app.engine().mcpServers().oauth().ifPresent(oauth -> McpSignInPages.install(opsBuilder, oauth));
                app.workspaces().ifPresent(workspaces -> SlackInstallPages.install(opsBuilder, workspaces));
                ops = Optional.of(opsBuilder.build().start());
                opsPort.set(ops.get().port());
            } catch (RuntimeException e) {
                app.close();
                traces.ifPresent(TraceRecorder::close);
                console.ifPresent(WebConsole::close);
                throw e;
            }
            log.info(
                    "health, readiness and metrics on http://{}:{}/",
                    config.opsHost(),
                    ops.get().port());
        }
        return new Running(
                app, ops, console, traces, jvmMetrics, config.runtime().shutdownDeadline());
    }

    /**
     * With the console and traces on, the engine records each run's trace into the database, in the background, with
     * the logs' redaction; {@code tracing} receives the recorder, which the bot closes at shutdown.
     */
    private static LucyEngine.Builder traced(
            LucyConfig config,
            LucyEngine.Builder engine,
            LucyMetrics metrics,
            java.util.concurrent.atomic.AtomicReference<TraceRecorder> tracing) {
        if (!config.console().enabled() || !config.console().traces()) {
            return engine;
        }
        TraceRecorder recorder = TraceRecorder.builder(JdbcRunTraces.open(engine.database()))
                .redactor(Redactor.of(config.secrets()))
                .retention(config.console().traceRetention())
                .build()
                .start();
        tracing.set(recorder);
        return engine.runTracing(recorder)
                .modelWrapper(model -> metrics.measured(recorder.modelWrapper().apply(model)));
    }

    /** The web console, when on: its pages read the app, its meters and the traces. */
    private static Optional<WebConsole> console(
            LucyConfig config,
            LucyApp app,
            MeterRegistry registry,
            Optional<TraceRecorder> traces,
            Playground playground) {
        if (!config.console().enabled()) {
            return Optional.empty();
        }
        if (!config.console().loopbackOnly() && config.console().token().isEmpty()) {
            log.warn(
                    "the web console listens on {} without LUCY_CONSOLE_TOKEN: only the one-time link{} signs in; put a"
                            + " proxy with TLS in front",
                    config.console().bind(),
                    config.slackOAuth().isPresent() ? " and Sign in with Slack" : "");
        }
        Redactor redactor = Redactor.of(config.secrets());
        ConsoleOperations operations = new ConsoleOperations(app, registry, traces, redactor);
        WebConsole.Builder console = WebConsole.builder(
                        config.console(), app.engine().memoryAdmin())
                .workspaces(() -> app.workspaces()
                        .map(dev.lucy.app.slack.SlackWorkspaces::installed)
                        .orElseGet(() -> java.util.List.of(app.transport().teamId())))
                .operations(operations::sections)
                .playground(playground, event -> {
                    // a follow-up: the thread's history is read again, with the answers given since
                    app.engine().threads().messageArrived(event.caller());
                    return app.engine().runtime().submit(event);
                })
                .prices(config.modelPrices())
                .memoryAudit(dev.lucy.store.JdbcMemoryAudit.open(app.engine().database()))
                .redactor(redactor);
        traces.ifPresent(console::traces);
        config.slackOAuth()
                .ifPresent(oauth -> console.slackSignIn(new SlackSignIn(
                        oauth,
                        config.slackApiUrl(),
                        workspace -> app.workspaces()
                                .map(installed -> installed.botToken(workspace))
                                .orElseGet(
                                        () -> workspace.equals(app.transport().teamId())
                                                ? app.transport().config().botToken()
                                                : Optional.empty()),
                        Clock.systemUTC())));
        return Optional.of(console.build().start());
    }

    /**
     * The configured MCP servers, with the sign-ins of those people connect one by one: tokens and sign-ins in
     * progress sealed in {@code database} (so any replica completes a sign-in), links under {@code publicUrl} (the operations endpoint serves their pages).
     */
    static McpServers mcpServers(LucyConfig config, Database database, Supplier<URI> publicUrl) {
        SecretBox box = SecretKeys.box(config);
        McpOAuth oauth = McpOAuth.create(
                JdbcMcpTokenStore.open(database, box, Clock.systemUTC()),
                JdbcMcpSignInStore.open(database, box, Clock.systemUTC()),
                publicUrl,
                Clock.systemUTC());
        return McpServers.builder(config.mcpServers()).oauth(oauth).build();
    }

    /** {@code LUCY_PUBLIC_URL}, else the operations endpoint's own address. */
    static URI publicUrl(LucyConfig config, int opsPort) {
        return config.publicUrl().orElseGet(() -> {
            String host = config.opsHost().equals("0.0.0.0") || config.opsHost().equals("::")
                    ? "localhost"
                    : config.opsHost();
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + opsPort);
        });
    }

    /** Each MCP server's state as {@code /readyz} shows it: {@code ready (12 tools)}, {@code down: why}. */
    static java.util.Map<String, String> mcpStates(LucyApp app) {
        java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
        for (dev.lucy.tools.McpServerStatus status : app.engine().mcpServers().statuses()) {
            String state = status.state().name().toLowerCase(java.util.Locale.ROOT);
            states.put(
                    status.server(),
                    switch (status.state()) {
                        case READY -> state + " (" + status.tools() + " tools)";
                        case DOWN -> state + ": " + status.detail();
                        case STARTING, STOPPED -> state;
                    });
        }
        return states;
    }

    /** A running bot. {@link #close()} stops it gracefully, once; the JVM's shutdown hook does the same. */
    static final class Running implements AutoCloseable {
        private final LucyApp app;
        private final Optional<OpsServer> ops;
        private final Optional<WebConsole> console;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Shutdown shutdown;

        private Running(
                LucyApp app,
                Optional<OpsServer> ops,
                Optional<WebConsole> console,
                Optional<TraceRecorder> traces,
                AutoCloseable jvmMetrics,
                Duration deadline) {
            this.app = app;
            this.ops = ops;
            this.console = console;
            Shutdown.Builder steps = Shutdown.builder().deadline(deadline);
            ops.ifPresent(server -> steps.stopAccepting("readiness", server::drain));
            steps.drain("answers in flight", app::shutdown).close("metrics", jvmMetrics);
            traces.ifPresent(recorder -> steps.close("run traces", recorder));
            console.ifPresent(server -> steps.close("web console", server));
            ops.ifPresent(server -> steps.close("operations endpoint", server));
            steps.close("main thread", stopped::countDown);
            this.shutdown = steps.build();
        }

        LucyApp app() {
            return app;
        }

        /** The web console, when it runs. */
        Optional<WebConsole> console() {
            return console;
        }

        /** The operations endpoint's port, when it runs. */
        Optional<Integer> opsPort() {
            return ops.map(OpsServer::port);
        }

        @Override
        public void close() {
            shutdown.run();
        }
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
        FormatOptions format = FormatOptions.defaults().toBuilder()
                .allowBroadcasts(config.allowBroadcasts())
                .build();
        return LucyApp.builder()
                .slack(slack.build())
                .model(config.modelClientConfig())
                .resilience(config.resilienceConfig())
                .toolRateLimits(config.toolRateLimits())
                .agentConfig(config.agentConfig())
                .runtimeConfig(config.runtime())
                .files(config.files())
                .homeEnabled(config.homeEnabled())
                .dataDirectory(config.dataDir())
                .engine(engine -> {
                    EmbeddingsLoader.load(config.embeddings()).ifPresent(engine::embeddings);
                    return engine.instanceName(config.instance())
                            .schedules(config.schedules())
                            .settingsDefaults(config.channelDefaults())
                            .mcpServers(McpServers.of(config.mcpServers()))
                            .memoryExtraction(config.memoryExtraction());
                })
                .database(config.databaseConfig())
                .slackPort(port -> port.formatOptions(format).streamInChannels(config.slackStreamInChannels()));
    }
}

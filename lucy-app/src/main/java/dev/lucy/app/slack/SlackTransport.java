package dev.lucy.app.slack;

import static dev.lucy.core.Locks.locked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import com.slack.api.socket_mode.response.AckResponse;
import com.slack.api.util.http.SlackHttpClient;
import dev.lucy.core.LucyException;
import dev.lucy.core.PlatformFirstExecutor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Bolt {@link App} against Slack: over Socket Mode (Bolt's {@link SocketModeApp} on the Java-WebSocket
 * backend) or over HTTP (the JDK's server, Slack's signature checked on every request).
 *
 * <p>Socket health: a {@code disconnect} frame makes the client open a new socket before it closes the old one;
 * Bolt's session monitor pings the open socket every {@link SlackTransportConfig#pingInterval()} and replaces it
 * when no pong comes back within 3 s (a half-open socket) or when it has closed (a dropped one). Each envelope runs
 * through the app on a thread of its own and is acknowledged as soon as the app's handler returns: Bolt reads
 * the socket's frames on a single thread, so a handler that waits a moment (as {@link SlackIngress} does, until a
 * message is in the runtime's inbox) holds up only its own envelope, and handlers waiting together share one
 * database write. Handlers must still hand longer work off.
 *
 * <p>Use: {@code create(config)}, register handlers on {@link #app()}, then {@link #start()}; {@link #close()}
 * stops gracefully. {@link #isConnected()} is the readiness view. Thread safe.
 */
public final class SlackTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlackCalls opening = SlackCalls.defaults();
    /** Idle connections to Slack's Web API kept for reuse. */
    static final int WEB_API_CONNECTIONS = 64;
    /** Envelopes handled at once on platform threads (the rest on virtual threads). */
    static final int ENVELOPE_THREADS = 32;

    /**
     * Stands in for the bot token when there is none (every workspace installed through OAuth): never sent, as every
     * call made with it goes out with its workspace's token ({@link #routeTokens}).
     */
    static final String ROUTED_TOKEN = "xoxb-lucy-routed-to-its-workspace";

    private final SlackTransportConfig config;
    private final String routingToken;
    private final Slack slack;
    private final App app;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openSockets = new AtomicInteger();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicReference<AuthTestResponse> identity = new AtomicReference<>();
    private volatile SocketModeApp socketMode;
    private volatile MonitoredClient client;
    private volatile SocketModeRequestParser frames;
    private volatile HttpEventsEndpoint http;
    private final SlackWebApi webApi;
    private volatile Predicate<JsonNode> eventsFirst = payload -> false;
    private volatile java.util.function.UnaryOperator<String> tokens = subject -> null;
    /**
     * Run Socket Mode envelopes through the app: platform threads of their own, so an acknowledgement does not wait
     * behind the agent runs' virtual threads for a carrier; beyond {@value #ENVELOPE_THREADS} at once they spill onto
     * virtual threads. Owned, stopped by {@link #close()}.
     */
    private final PlatformFirstExecutor envelopes = new PlatformFirstExecutor("lucy-slack-envelope-", ENVELOPE_THREADS);

    private SlackTransport(SlackTransportConfig config, SlackCallObserver calls) {
        this.config = config;
        this.routingToken = config.botToken().orElse(ROUTED_TOKEN);
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(config.webApiUrl());
        // Keep connections to the Web API open for reuse: OkHttp keeps 5 by default, so a busy Lucy (several calls
        // per message, hundreds of conversations at once) would open and close a connection for most calls.
        OkHttpClient okHttp = SlackHttpClient.buildOkHttpClient(slackConfig)
                .newBuilder()
                .connectionPool(new ConnectionPool(WEB_API_CONNECTIONS, 5, TimeUnit.MINUTES))
                .addInterceptor(new WorkspaceTokens(routingToken, this::tokenFor))
                .addInterceptor(new ObservedWebApi(calls))
                .build();
        this.slack = Slack.getInstance(slackConfig, new SlackHttpClient(okHttp));
        this.webApi = SlackWebApi.routed(config.webApiUrl(), this::tokenFor, calls);
        AppConfig.AppConfigBuilder appConfig = AppConfig.builder()
                .singleTeamBotToken(config.botToken().orElse(null))
                .slack(slack)
                // SlackIngress recognises Lucy's own messages itself, and learns from them which threads it is in.
                .ignoringSelfEventsEnabled(false);
        config.signingSecret().ifPresent(appConfig::signingSecret);
        this.app = new App(appConfig.build());
        if (config.botToken().isEmpty()) {
            // Without a bot token Bolt authorises nothing itself: each request's client gets the routing token, so its
            // calls go out with the token of the workspace they are about.
            app.use((request, response, chain) -> {
                request.getContext().setBotToken(routingToken);
                return chain.next(request);
            });
        }
    }

    /** A transport for {@code config}; nothing connects before {@link #start()}. */
    public static SlackTransport create(SlackTransportConfig config) {
        return create(config, SlackCallObserver.ignoring());
    }

    /**
     * A transport for {@code config} that tells {@code calls} about every request to the Web API (for metrics);
     * nothing connects before {@link #start()}.
     */
    public static SlackTransport create(SlackTransportConfig config, SlackCallObserver calls) {
        return new SlackTransport(Objects.requireNonNull(config, "config"), Objects.requireNonNull(calls, "calls"));
    }

    /**
     * Socket Mode {@code events_api} payloads go to {@code reader} first, read once with Jackson: when it returns
     * true the envelope is acknowledged as handled; otherwise it runs through the Bolt app as any other. For the
     * events that come most often (messages, mentions, Lucy's own posts and edits), this saves Bolt's parsing of each
     * one into its own types. Applies to the envelopes that arrive after the call. Default: every event goes through
     * Bolt.
     */
    public void readEventsFirst(Predicate<JsonNode> reader) {
        this.eventsFirst = Objects.requireNonNull(reader, "reader");
    }

    /** The reader {@link #readEventsFirst} set; the default one declines every event. */
    public Predicate<JsonNode> eventsFirst() {
        return eventsFirst;
    }

    /**
     * Serves several workspaces: every call made with the bot token goes out instead with the token {@code tokens}
     * gives for the channel, person, file or workspace it is about ({@link SlackWorkspaces#tokenFor}). Default: the
     * bot token for everything.
     */
    public void routeTokens(java.util.function.UnaryOperator<String> tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    private String tokenFor(String subject) {
        // with a bot token, a call about nothing in particular is its workspace's; without, the only one installed
        String routed = subject.isEmpty() && config.botToken().isPresent() ? null : tokens.apply(subject);
        return routed != null ? routed : routingToken;
    }

    /** The Bolt app: register handlers here (see {@link SlackIngress#register}) before {@link #start()}. */
    public App app() {
        return app;
    }

    /** The Slack SDK instance, pointed at the configured Web API. */
    public Slack slack() {
        return slack;
    }

    /**
     * A Web API client for the outbound side: with the bot token, each call then going out with the token of the
     * workspace it is about ({@link #routeTokens}).
     */
    public MethodsClient methods() {
        return slack.methods(routingToken);
    }

    /** Lucy's own client for the calls made for every message, with the bot token; one per transport. */
    public SlackWebApi webApi() {
        return webApi;
    }

    public SlackTransportConfig config() {
        return config;
    }

    /**
     * The bot's user id, from {@code auth.test} (asked once) with the bot token; only when there is one. Throws a
     * {@link LucyException} naming the problem when Slack refuses the bot token or cannot be reached.
     */
    public String botUserId() {
        return identify().getUserId();
    }

    /** The workspace the bot token belongs to, from {@code auth.test}. */
    public String teamId() {
        return identify().getTeamId();
    }

    private AuthTestResponse identify() {
        AuthTestResponse known = identity.get();
        if (known != null) {
            return known;
        }
        try {
            AuthTestResponse response = methods().authTest(r -> r);
            if (!response.isOk()) {
                throw LucyException.permanent("Slack refused the bot token (auth.test: " + response.getError() + ")");
            }
            identity.set(response);
            return response;
        } catch (IOException | SlackApiException e) {
            throw LucyException.transientFailure("Slack's Web API could not be reached for auth.test", e);
        }
    }

    /** Connects (Socket Mode) or starts serving (HTTP). Returns this. Starting twice is refused. */
    public SlackTransport start() {
        lock.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("this Slack transport was closed");
            }
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("this Slack transport is already started");
            }
            switch (config.mode()) {
                case SOCKET -> startSocketMode();
                case HTTP -> startHttp();
            }
            return this;
        } catch (IOException | URISyntaxException | SlackApiException e) {
            started.set(false);
            throw LucyException.transientFailure("could not connect to Slack (" + config.mode() + " mode)", e);
        } finally {
            lock.unlock();
        }
    }

    private void startSocketMode() throws IOException, URISyntaxException, SlackApiException {
        String appToken = config.appToken().orElseThrow();
        String url = socketUrl(appToken);
        client = new MonitoredClient(this, new SocketAddresses(this, url), appToken, url, config);
        client.setAutoReconnectOnCloseEnabled(config.reconnectOnClose());
        frames = new SocketModeRequestParser(app.config());
        client.addWebSocketCloseListener((code, reason) -> {
            openSockets.updateAndGet(n -> Math.max(0, n - 1));
            LOG.info("a Slack socket closed (code {}, {})", code, reason);
        });
        socketMode = new SocketModeApp(client, app);
        try {
            socketMode.startAsync();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * One Socket Mode frame, on the socket's reading thread: {@code hello} marks a live socket, {@code disconnect}
     * moves to a new one, envelopes run through the app on threads of their own and are acked.
     */
    private void onFrame(String message) {
        SocketModeRequestParser parser = frames;
        JsonNode frame;
        try {
            frame = JSON.readTree(message);
        } catch (IOException | RuntimeException e) {
            LOG.warn("an unreadable Socket Mode frame was ignored");
            return;
        }
        String type = frame.path("type").asText("");
        if ("hello".equals(type)) {
            openSockets.incrementAndGet();
            return;
        }
        Runnable work;
        if ("disconnect".equals(type)) {
            work = this::reconnect;
        } else if ("events_api".equals(type)
                && frame.path("envelope_id").isTextual()
                && frame.path("payload").isObject()) {
            String envelopeId = frame.get("envelope_id").asText();
            JsonNode payload = frame.get("payload");
            Predicate<JsonNode> reader = eventsFirst;
            work = () -> {
                if (reader.test(payload)) {
                    acknowledge(envelopeId);
                } else {
                    run(parser, message);
                }
            };
        } else {
            work = () -> run(parser, message);
        }
        try {
            envelopes.execute(work);
        } catch (RejectedExecutionException stopping) {
            LOG.info("a Slack envelope arrived while Lucy is stopping; leaving it for Slack to deliver again");
        }
    }

    /**
     * A new socket's address ({@code apps.connections.open}, Tier 1): a 429 waits Slack's {@code Retry-After} and
     * asks again, so a quick restart or a replaced socket connects a little later instead of failing.
     */
    private String socketUrl(String appToken) throws IOException {
        try {
            String url = opening.run(
                            "apps.connections.open",
                            Set.of(),
                            () -> slack.methods(appToken).appsConnectionsOpen(r -> r))
                    .getUrl();
            if (url == null) {
                throw new IOException("Slack gave no socket address (apps.connections.open)");
            }
            return url;
        } catch (LucyException e) {
            if (!e.retriable()) {
                throw new IOException("Slack refused the app-level token (" + e.getMessage() + ")", e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Slack asked this socket to go: a new one replaces it (the SDK's own handling, kept as it was). */
    private void reconnect() {
        try {
            client.connectToNewEndpoint();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not move to a new Slack socket after a disconnect; the session monitor tries again");
        }
    }

    private void run(SocketModeRequestParser parser, String message) {
        SocketModeRequest request = parser.parse(message);
        if (request != null) {
            handle(request);
        }
    }

    private void acknowledge(String envelopeId) {
        try {
            client.sendSocketModeResponse(JSON.writeValueAsString(Map.of("envelope_id", envelopeId)));
        } catch (IOException | RuntimeException e) {
            // the socket closed (Lucy stopping, or Slack replacing it): Slack delivers the envelope again. A stop
            // closes it on purpose, so only an unexpected close is worth a warning.
            if (closed.get()) {
                LOG.debug("a Slack envelope was left unacknowledged by the stop; Slack will deliver it again");
            } else {
                LOG.warn(
                        "a Slack envelope could not be acknowledged ({}); Slack will deliver it again",
                        e.getClass().getSimpleName());
            }
        }
    }

    /** Runs one envelope through the app and acknowledges it when the handler has returned. */
    private void handle(SocketModeRequest request) {
        try {
            Response response = app.run(request.getBoltRequest());
            if (response.getStatusCode() != 200) {
                LOG.warn("a Slack envelope was left unacknowledged (status {})", response.getStatusCode());
                return;
            }
            String envelopeId = request.getEnvelope().getEnvelopeId();
            if (response.getBody() == null) {
                client.sendSocketModeResponse(new AckResponse(envelopeId));
                return;
            }
            Map<String, Object> ack = new HashMap<>();
            ack.put("envelope_id", envelopeId);
            if (response.getContentType() != null && response.getContentType().startsWith("application/json")) {
                ack.put("payload", client.getGson().fromJson(response.getBody(), JsonElement.class));
            } else {
                ack.put("payload", Map.of("text", response.getBody()));
            }
            client.sendSocketModeResponse(client.getGson().toJson(ack));
        } catch (Exception e) {
            LOG.error("a Slack envelope could not be handled", e);
        }
    }

    private void startHttp() throws IOException {
        app.start();
        http = new HttpEventsEndpoint(app, config.httpHost(), config.httpPort(), config.httpPath());
        http.start();
        LOG.info("serving Slack requests on port {} at {}", http.port(), config.httpPath());
    }

    /** The port the HTTP endpoint listens on (useful with port 0). Only in HTTP mode, once started. */
    public int httpPort() {
        return locked(lock, () -> {
            if (http == null) {
                throw new IllegalStateException(
                        "not serving HTTP (mode " + config.mode() + ", started " + started + ")");
            }
            return http.port();
        });
    }

    /**
     * Whether Slack can reach Lucy now: in Socket Mode, at least one socket said {@code hello} and has not closed
     * since (the session monitor's pings correct this view); in HTTP mode, the endpoint is serving. Cheap; for a
     * readiness probe.
     */
    public boolean isConnected() {
        if (!started.get() || closed.get()) {
            return false;
        }
        return config.mode() == SlackTransportConfig.Mode.HTTP || openSockets.get() > 0;
    }

    /** A snapshot for operations. */
    public Status status() {
        return new Status(config.mode(), started.get() && !closed.get(), isConnected(), reconnects.get());
    }

    /**
     * What operations see.
     *
     * @param mode Socket Mode or HTTP
     * @param running started and not closed
     * @param connected see {@link #isConnected()}
     * @param reconnects how many times a socket was replaced (disconnect frames, failed pings, drops)
     */
    public record Status(SlackTransportConfig.Mode mode, boolean running, boolean connected, long reconnects) {}

    /** Stops receiving (closing the socket, or the HTTP endpoint after its grace period) and frees the threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (!started.get()) {
                stopEnvelopes();
                return;
            }
            if (socketMode != null) {
                try {
                    client.setAutoReconnectEnabled(false);
                    client.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("the Slack socket did not close cleanly", e);
                }
                app.stop();
            }
            if (http != null) {
                http.stop(config.shutdownGrace());
                app.stop();
            }
            openSockets.set(0);
            stopEnvelopes();
        } finally {
            lock.unlock();
        }
    }

    /** Lets the envelopes in hand finish (their acks may no longer reach Slack, which then delivers them again). */
    private void stopEnvelopes() {
        envelopes.shutdown();
        try {
            if (!envelopes.awaitTermination(config.shutdownGrace())) {
                envelopes.shutdownNow();
            }
        } catch (InterruptedException e) {
            envelopes.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What Bolt's socket client asks for a new socket's address: {@link #socketUrl}, which honours Slack's rate
     * limit where the SDK's own call would fail, and first the address the transport opened at start, so that Bolt's
     * first connection does not ask again.
     */
    private static final class SocketAddresses extends Slack {
        private final SlackTransport transport;
        private final AtomicReference<String> fresh;

        SocketAddresses(SlackTransport transport, String opened) {
            this.transport = transport;
            this.fresh = new AtomicReference<>(opened);
        }

        @Override
        public String issueSocketModeUrl(String appToken) throws IOException {
            String opened = fresh.getAndSet(null);
            return opened != null ? opened : transport.socketUrl(appToken);
        }

        /** A socket is connecting: the address opened at start, if still unused, is spent. */
        void connecting() {
            fresh.set(null);
        }
    }

    /** Bolt's Java-WebSocket client with a configurable ping interval, counting the sockets it replaces. */
    private static final class MonitoredClient extends SocketModeClientJavaWSImpl {
        private final SlackTransport transport;
        private final AtomicBoolean connectedOnce = new AtomicBoolean();

        MonitoredClient(SlackTransport transport, Slack slack, String appToken, String url, SlackTransportConfig c)
                throws URISyntaxException {
            super(
                    slack,
                    appToken,
                    url,
                    // frames are read in enqueueMessage below, so the SDK's polling workers find nothing to do
                    1,
                    new ConcurrentLinkedMessageQueue(),
                    true,
                    true,
                    c.pingInterval().toMillis());
            this.transport = transport;
        }

        /**
         * Reads each frame as it arrives instead of queueing it for the SDK's workers: they poll their queue every
         * 10 ms, one frame per worker, and parse every frame with Gson before Lucy reads it again, which under a
         * burst put frames in a line behind the polling.
         */
        @Override
        public void enqueueMessage(String message) {
            if (message.startsWith("{")) {
                transport.onFrame(message);
            }
        }

        @Override
        public void connect() {
            if (getSlack() instanceof SocketAddresses addresses) {
                addresses.connecting();
            }
            super.connect();
        }

        @Override
        public void connectToNewEndpoint() throws IOException {
            if (transport.closed.get()) {
                return;
            }
            super.connectToNewEndpoint();
            if (connectedOnce.getAndSet(true)) {
                transport.reconnects.incrementAndGet();
            }
        }

        @Override
        public boolean verifyConnection() {
            boolean alive = super.verifyConnection();
            if (alive) {
                transport.openSockets.updateAndGet(n -> Math.max(1, n));
            }
            return alive;
        }
    }
}

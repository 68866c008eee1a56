package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.McpTokenStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientAuthorizationErrorHandler;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The MCP servers a team configured, as ordinary Lucy tools: each server's tools are registered in a {@link
 * ToolRegistry} as {@code server__tool}, with their schema (checked like a native tool's), description, and the
 * protocol's hints turned into Lucy's safety classes (tools not marked read-only wait for approval unless the
 * server's {@link McpServerConfig.Approval} says otherwise; {@code openWorldHint} tools are tagged {@code
 * open-world}).
 *
 * <p>{@link #start(ToolRegistry)} returns at once: every server is started or connected on its own virtual thread, so
 * a slow server never delays an answer. Each one is supervised: a server that dies or stops answering its health
 * check is marked {@link McpServerStatus.State#DOWN}, its tools answer plainly that they are unavailable (a run never
 * waits on a dead server) and are hidden from retrieval, and it is started again after a pause that doubles up to
 * {@link Builder#maxBackoff}. {@code notifications/tools/list_changed} makes the server's tools be listed again.
 * Standard error of a stdio server goes to this class's log at debug level.
 *
 * <p>A server whose config has {@link McpServerConfig#oauth() oauth} is connected person by person through {@link
 * McpOAuth}: each person who connected it gets their own session, opened on their first call with their own token
 * (refreshed before it expires, and again when the server answers {@code 401}) and closed after {@link
 * Builder#idleAfter} without calls or when they disconnect. Its tools are listed with the session of someone who
 * connected; a person who has not connected is told to run {@code /lucy connect NAME}.
 *
 * <p>Thread safe. {@link #close()} stops the stdio servers and ends the sessions.
 */
public final class McpServers implements AutoCloseable {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEALTH_CHECK_EVERY = Duration.ofSeconds(15);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(2);
    /** How long a person's session to a server stays open without calls. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofMinutes(10);
    /** The longest result text a call hands on; the pipeline cuts it further to what the model is shown. */
    static final int MAX_RESULT_CHARS = 200_000;
    /** The tag of tools whose server says they reach outside systems ({@code openWorldHint}). */
    public static final String OPEN_WORLD_TAG = "open-world";

    private static final System.Logger log = System.getLogger(McpServers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final Duration startTimeout;
    private final Duration healthCheckEvery;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration idleAfter;
    private final Optional<McpOAuth> oauth;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean started;
    private volatile boolean closed;

    private McpServers(Builder b) {
        this.startTimeout = b.startTimeout;
        this.healthCheckEvery = b.healthCheckEvery;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.idleAfter = b.idleAfter;
        this.oauth = b.oauth;
        for (McpServerConfig config : b.servers) {
            if (servers.put(config.name(), new Server(config)) != null) {
                throw new IllegalArgumentException("two MCP servers are named '" + config.name() + "'");
            }
        }
    }

    /** These servers with the default timings. */
    public static McpServers of(List<McpServerConfig> servers) {
        return builder(servers).build();
    }

    /** No servers. */
    public static McpServers none() {
        return of(List.of());
    }

    public static Builder builder(List<McpServerConfig> servers) {
        return new Builder(servers);
    }

    /** Starts or connects every server in the background and registers their tools in {@code registry} when ready. */
    public void start(ToolRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        lock.lock();
        try {
            if (started || closed) {
                throw new IllegalStateException("MCP servers start once");
            }
            started = true;
            oauth.ifPresent(o -> o.onChange(key -> {
                Server server = servers.get(key.server());
                if (server != null && server.config.personal()) {
                    server.connectionChanged(key);
                }
            }));
            for (Server server : servers.values()) {
                server.start(registry);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every server has been tried once (ready or down), for commands that need the tools now.
     *
     * @return whether every server was tried within {@code timeout}
     */
    public boolean awaitFirstAttempt(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            for (Server server : servers.values()) {
                if (!server.firstAttempt.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Each server's state, in configuration order. */
    public List<McpServerStatus> statuses() {
        return servers.values().stream().map(Server::status).toList();
    }

    public List<McpServerConfig> configs() {
        return servers.values().stream().map(s -> s.config).toList();
    }

    /** Whether {@code provider} is one of these servers. */
    public boolean serves(String provider) {
        return servers.containsKey(provider);
    }

    /**
     * Whether {@code caller} may be offered {@code tool} now: true for tools of no server here; for a server's tool,
     * when the server is ready and its workspaces and channels include the caller's.
     */
    public boolean allows(Caller caller, Tool tool) {
        Server server = servers.get(tool.provider());
        return server == null || (server.state == McpServerStatus.State.READY && server.permits(caller));
    }

    /** The names of the servers whose workspaces and channels include the caller's, whatever their state. */
    public List<String> serversFor(Caller caller) {
        return servers.values().stream()
                .filter(server -> server.permits(caller))
                .map(server -> server.config.name())
                .toList();
    }

    /** The sign-ins of the servers people connect one by one; empty when none was given. */
    public Optional<McpOAuth> oauth() {
        return oauth;
    }

    /** The configuration of the server named {@code name}. */
    public Optional<McpServerConfig> config(String name) {
        Server server = servers.get(name);
        return server == null ? Optional.empty() : Optional.of(server.config);
    }

    /**
     * Whether the caller may use {@code server}'s tools as far as connections go: always for a server connected for
     * everyone; for one people connect one by one, once they have. The missing status tells them how to connect.
     */
    public ConnectionResolver.Status connection(Caller caller, String server) {
        Server found = servers.get(server);
        if (found == null || !found.config.personal()) {
            return ConnectionResolver.Status.CONNECTED;
        }
        if (oauth.isPresent() && oauth.get().connected(caller, server)) {
            return ConnectionResolver.Status.CONNECTED;
        }
        return new ConnectionResolver.Missing(server, connectHint(server));
    }

    /** How a person connects {@code server}: the command, which answers with a link for them alone. */
    static String connectHint(String server) {
        return "`/lucy connect " + server + "` (typed in Slack; it answers with a sign-in link only they see)";
    }

    /**
     * Ends the caller's connection to {@code server}: their session is closed, their tokens deleted and revoked where
     * the server offers it. Empty when the server is not one people connect.
     */
    public Optional<McpOAuth.Disconnected> disconnect(Caller caller, String server) {
        Server found = servers.get(server);
        if (found == null || !found.config.personal() || oauth.isEmpty()) {
            return Optional.empty();
        }
        McpOAuth.Disconnected done = oauth.get().disconnect(caller, found.config);
        found.closePerson(McpOAuth.key(caller, server));
        return Optional.of(done);
    }

    /**
     * A workspace removed Lucy: its people's sessions are closed and their connections forgotten in this process at
     * once, without waiting for a restart (the stored tokens are deleted with the workspace's other rows).
     */
    public void forgetWorkspace(String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        oauth.ifPresent(o -> o.forgetWorkspace(workspaceId));
        for (Server server : servers.values()) {
            server.closeWorkspace(workspaceId);
        }
    }

    /** How many sessions people have open to {@code server} now (one per person who used it recently). */
    public int openSessions(String server) {
        Server found = servers.get(server);
        return found == null ? 0 : found.people.size();
    }

    /** Stops the stdio servers and ends every session; waits briefly for each supervisor to finish. */
    @Override
    public void close() {
        closed = true;
        for (Server server : servers.values()) {
            server.stop();
        }
        for (Server server : servers.values()) {
            server.join();
        }
    }

    /** Lucy's name for a server's tool: {@code server__tool}, in the characters model APIs accept, at most 64. */
    static String lucyName(String server, String remoteName) {
        String name = (server + "__" + remoteName).replaceAll("[^a-zA-Z0-9_-]", "_");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static String base(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    }

    private static String path(URI endpoint) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/mcp" : endpoint.getRawPath();
        return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A person's token is gone: they never connected, disconnected, or it could not be refreshed. */
    private static final class NotConnectedException extends RuntimeException {
        NotConnectedException() {
            super("not connected", null, false, false);
        }
    }

    /** One person's session to a server they connected. */
    private static final class Person {
        final McpSyncClient client;
        volatile long lastUsed = System.nanoTime();

        Person(McpSyncClient client) {
            this.client = client;
        }
    }

    /** One server and the virtual thread that keeps it running. */
    private final class Server {
        private final McpServerConfig config;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition wake = lock.newCondition();
        private final CountDownLatch firstAttempt = new CountDownLatch(1);
        private final ArgumentValidator schemas = new ArgumentValidator();
        private Set<String> registered = Set.of();
        private boolean refreshRequested;
        private boolean checkRequested;
        private volatile McpServerStatus.State state = McpServerStatus.State.STARTING;
        private volatile String detail = "";
        private volatile McpSyncClient client;
        /** The sessions of people who connected a server that needs each person's sign-in. */
        private final Map<McpTokenStore.Key, Person> people = new ConcurrentHashMap<>();

        private final ReentrantLock peopleLock = new ReentrantLock();
        private McpTokenStore.Key listWith;
        private ToolRegistry registry;
        private Thread thread;

        Server(McpServerConfig config) {
            this.config = config;
        }

        void start(ToolRegistry registry) {
            this.registry = registry;
            this.thread = Thread.ofVirtual().name("lucy-mcp-" + config.name()).start(this::supervise);
        }

        McpServerStatus status() {
            return new McpServerStatus(
                    config.name(), state, state == McpServerStatus.State.READY ? registered.size() : 0, detail);
        }

        boolean permits(Caller caller) {
            if (!config.workspaces().isEmpty() && !config.workspaces().contains(caller.workspaceId())) {
                return false;
            }
            if (config.channels().isEmpty()) {
                return true;
            }
            String conversation = caller.conversationId();
            for (String channel : config.channels()) {
                // A conversation id is the channel, or the channel and a thread after a colon.
                if (conversation.equals(channel) || conversation.startsWith(channel + ":")) {
                    return true;
                }
            }
            return false;
        }

        private void supervise() {
            if (config.personal()) {
                supervisePeople();
                return;
            }
            Duration backoff = minBackoff;
            while (!closed) {
                McpSyncClient connected = null;
                try {
                    connected = connect();
                    client = connected;
                    refreshTools(connected);
                    detail = "";
                    state = McpServerStatus.State.READY;
                    log.log(
                            System.Logger.Level.INFO,
                            "MCP server {0} is ready with {1,number,#} tool(s)",
                            config.name(),
                            registered.size());
                    firstAttempt.countDown();
                    backoff = minBackoff;
                    watch(connected);
                } catch (RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    detail = reason(config, e);
                    state = McpServerStatus.State.DOWN;
                    firstAttempt.countDown();
                    log.log(
                            System.Logger.Level.WARNING,
                            "MCP server {0} is not available ({1}); trying again in {2,number,#} ms",
                            config.name(),
                            detail,
                            backoff.toMillis());
                } finally {
                    client = null;
                    if (connected != null) {
                        closeQuietly(connected, config.command().isPresent());
                    }
                }
                if (closed || !pause(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
            state = McpServerStatus.State.STOPPED;
            detail = "";
            firstAttempt.countDown();
        }

        /**
         * A server people connect one by one: its tools are listed with the session of someone who connected (at
         * start, or when the first person connects, or when a session says its tools changed, or at a health check
         * while none are known, as someone may have connected through another replica); idle sessions close.
         */
        private void supervisePeople() {
            if (oauth.isEmpty()) {
                detail = "each person signs in to it from Slack with /lucy connect " + config.name()
                        + ", which needs the bot's operations endpoint";
                state = McpServerStatus.State.DOWN;
                firstAttempt.countDown();
                awaitClose();
                return;
            }
            detail = "";
            state = McpServerStatus.State.READY;
            for (McpTokenStore.Key key : oauth.get().connectedTo(config.name())) {
                if (closed || listTools(key)) {
                    break;
                }
            }
            firstAttempt.countDown();
            while (!closed) {
                McpTokenStore.Key list;
                lock.lock();
                try {
                    if (!refreshRequested && !closed) {
                        Duration every = idleAfter.compareTo(healthCheckEvery) < 0 ? idleAfter : healthCheckEvery;
                        wake.await(every.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    list = refreshRequested ? listWith : null;
                    refreshRequested = false;
                    listWith = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } finally {
                    lock.unlock();
                }
                if (closed) {
                    break;
                }
                if (list != null) {
                    listTools(list);
                } else if (registered.isEmpty()) {
                    // Someone may have connected through another replica: list the tools with their session.
                    for (McpTokenStore.Key key : oauth.get().connectedTo(config.name())) {
                        if (closed || listTools(key)) {
                            break;
                        }
                    }
                }
                long now = System.nanoTime();
                for (Map.Entry<McpTokenStore.Key, Person> person : people.entrySet()) {
                    if (now - person.getValue().lastUsed > idleAfter.toNanos()) {
                        closePerson(person.getKey());
                    }
                }
            }
            for (McpTokenStore.Key key : List.copyOf(people.keySet())) {
                closePerson(key);
            }
            state = McpServerStatus.State.STOPPED;
        }

        private void awaitClose() {
            while (!closed) {
                lock.lock();
                try {
                    if (!closed) {
                        wake.await(healthCheckEvery.toNanos(), TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    lock.unlock();
                }
            }
            state = McpServerStatus.State.STOPPED;
        }

        /** Lists the server's tools with {@code key}'s session; whether that worked. */
        private boolean listTools(McpTokenStore.Key key) {
            try {
                refreshTools(person(key).client);
                log.log(
                        System.Logger.Level.INFO,
                        "MCP server {0} offers {1,number,#} tool(s) to the people who connect it",
                        config.name(),
                        registered.size());
                return true;
            } catch (RuntimeException e) {
                log.log(
                        System.Logger.Level.WARNING,
                        "MCP server {0}: its tools could not be listed ({1})",
                        config.name(),
                        reason(config, e));
                closePerson(key);
                return false;
            }
        }

        /** A person connected or disconnected: close their session when they left; list tools if none are known. */
        void connectionChanged(McpTokenStore.Key key) {
            Caller caller = new Caller(key.workspaceId(), key.userId(), "connection");
            if (!oauth.orElseThrow().connected(caller, config.name())) {
                closePerson(key);
                return;
            }
            if (registered.isEmpty()) {
                requestList(key);
            }
        }

        private void requestList(McpTokenStore.Key key) {
            lock.lock();
            try {
                refreshRequested = true;
                listWith = key;
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** The person's open session, opened now with their token when they have none. */
        private Person person(McpTokenStore.Key key) {
            Person open = people.get(key);
            if (open != null) {
                open.lastUsed = System.nanoTime();
                return open;
            }
            peopleLock.lock();
            try {
                open = people.get(key);
                if (open == null) {
                    open = openPerson(key);
                    people.put(key, open);
                }
                return open;
            } finally {
                peopleLock.unlock();
            }
        }

        private Person openPerson(McpTokenStore.Key key) {
            McpOAuth sign = oauth.orElseThrow();
            AtomicReference<String> sent = new AtomicReference<>();
            URI endpoint = config.url().orElseThrow();
            HttpRequest.Builder request = HttpRequest.newBuilder();
            config.headers().forEach(request::header);
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base(endpoint))
                    .endpoint(path(endpoint))
                    .requestBuilder(request)
                    .connectTimeout(Duration.ofSeconds(10))
                    .jsonMapper(new JacksonMcpJsonMapper(JSON))
                    .httpRequestCustomizer((builder, method, uri, body, context) -> {
                        String token =
                                sign.accessToken(key, config, Optional.empty()).orElseThrow(NotConnectedException::new);
                        sent.set(token);
                        builder.setHeader("Authorization", "Bearer " + token);
                    })
                    .authorizationErrorHandler(McpHttpClientAuthorizationErrorHandler.fromSync((response, context) ->
                            // The server refused the token: refresh it once and send the request again.
                            response.statusCode() == 401
                                    && sent.get() != null
                                    && sign.accessToken(key, config, Optional.of(sent.get()))
                                            .filter(token -> !token.equals(sent.get()))
                                            .isPresent()))
                    .build();
            McpSyncClient opened = McpClient.sync(transport)
                    .requestTimeout(config.callTimeout())
                    .initializationTimeout(startTimeout)
                    .toolsChangeConsumer(tools -> requestList(key))
                    .build();
            try {
                opened.initialize();
            } catch (RuntimeException e) {
                closeQuietly(opened, false);
                throw e;
            }
            log.log(
                    System.Logger.Level.DEBUG,
                    "MCP server {0}: opened the session of {1}",
                    config.name(),
                    key.userId());
            return new Person(opened);
        }

        /** Closes the sessions of a workspace's people, and no longer lists the tools with one of them. */
        void closeWorkspace(String workspaceId) {
            for (McpTokenStore.Key key : List.copyOf(people.keySet())) {
                if (key.workspaceId().equals(workspaceId)) {
                    closePerson(key);
                }
            }
            lock.lock();
            try {
                if (listWith != null && listWith.workspaceId().equals(workspaceId)) {
                    listWith = null;
                }
            } finally {
                lock.unlock();
            }
        }

        void closePerson(McpTokenStore.Key key) {
            Person gone = people.remove(key);
            if (gone != null) {
                closeQuietly(gone.client, false);
                log.log(
                        System.Logger.Level.DEBUG,
                        "MCP server {0}: closed the session of {1}",
                        config.name(),
                        key.userId());
            }
        }

        /** Returns when closed; throws when the server stops answering. */
        private void watch(McpSyncClient connected) {
            while (!closed) {
                boolean refresh;
                lock.lock();
                try {
                    if (!refreshRequested && !checkRequested && !closed) {
                        wake.await(healthCheckEvery.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    refresh = refreshRequested;
                    refreshRequested = false;
                    checkRequested = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    lock.unlock();
                }
                if (closed) {
                    return;
                }
                if (state == McpServerStatus.State.DOWN) {
                    throw new IllegalStateException(detail); // its process ended: start it again now
                }
                connected.ping();
                if (refresh) {
                    refreshTools(connected);
                    log.log(
                            System.Logger.Level.INFO,
                            "MCP server {0} changed its tools; it now offers {1}",
                            config.name(),
                            registered.size());
                }
            }
        }

        /** Waits {@code backoff} unless closed first; false when closed. */
        private boolean pause(Duration backoff) {
            lock.lock();
            try {
                long left = backoff.toNanos();
                while (!closed && left > 0) {
                    left = wake.awaitNanos(left);
                }
                return !closed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }

        private void signal(boolean refresh) {
            lock.lock();
            try {
                if (refresh) {
                    refreshRequested = true;
                } else {
                    checkRequested = true;
                }
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Wakes the supervisor, which ends the session itself: closing it under a refresh in flight upsets the SDK. */
        void stop() {
            lock.lock();
            try {
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void join() {
            if (thread == null) {
                return;
            }
            try {
                if (!thread.join(Duration.ofSeconds(5))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private McpSyncClient connect() {
            McpClientTransport transport;
            if (config.command().isPresent()) {
                ServerParameters parameters = ServerParameters.builder(
                                config.command().get())
                        .args(config.args())
                        .env(config.env())
                        .build();
                StdioClientTransport stdio = new StdioClientTransport(parameters, new JacksonMcpJsonMapper(JSON));
                stdio.setStdErrorHandler(
                        line -> log.log(System.Logger.Level.DEBUG, "MCP server {0}: {1}", config.name(), line));
                transport = stdio;
            } else {
                URI endpoint = config.url().orElseThrow();
                HttpRequest.Builder request = HttpRequest.newBuilder();
                config.headers().forEach(request::header);
                transport = HttpClientStreamableHttpTransport.builder(base(endpoint))
                        .endpoint(path(endpoint))
                        .requestBuilder(request)
                        .connectTimeout(Duration.ofSeconds(10))
                        .jsonMapper(new JacksonMcpJsonMapper(JSON))
                        .build();
            }
            McpSyncClient connected = McpClient.sync(transport)
                    .requestTimeout(config.callTimeout())
                    .initializationTimeout(startTimeout)
                    .toolsChangeConsumer(tools -> signal(true))
                    .build();
            try {
                connected.initialize();
            } catch (RuntimeException e) {
                closeQuietly(connected, config.command().isPresent());
                throw e;
            }
            if (transport instanceof StdioClientTransport stdio) {
                // A process that ends is noticed at once, not at the next health check or a call's timeout.
                Thread.ofVirtual().name("lucy-mcp-" + config.name() + "-exit").start(() -> {
                    try {
                        stdio.awaitForExit();
                    } catch (RuntimeException e) {
                        return;
                    }
                    if (!closed && client == connected) {
                        state = McpServerStatus.State.DOWN;
                        detail = "the server process ended";
                        closeQuietly(connected, true); // calls waiting on it fail now
                        signal(false);
                    }
                });
            }
            return connected;
        }

        private void refreshTools(McpSyncClient connected) {
            Map<String, Tool> tools = new LinkedHashMap<>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = cursor == null ? connected.listTools() : connected.listTools(cursor);
                for (McpSchema.Tool tool : page.tools()) {
                    if (config.offers(tool.name())) {
                        convert(tool).ifPresent(t -> tools.putIfAbsent(t.name(), t));
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null && !cursor.isEmpty());
            for (String gone : registered) {
                if (!tools.containsKey(gone)) {
                    registry.unregister(gone);
                }
            }
            registry.registerAll(tools.values());
            registered = Set.copyOf(new LinkedHashSet<>(tools.keySet()));
        }

        private Optional<Tool> convert(McpSchema.Tool tool) {
            ObjectNode schema =
                    tool.inputSchema() == null ? JSON.createObjectNode() : JSON.valueToTree(tool.inputSchema());
            if (!schema.has("type")) {
                schema.put("type", "object");
            }
            Optional<String> problem = schemas.schemaProblem(schema);
            if (problem.isPresent()) {
                log.log(
                        System.Logger.Level.WARNING,
                        "MCP server {0}: tool {1} is left out, its input schema cannot be used: {2}",
                        config.name(),
                        tool.name(),
                        problem.get());
                return Optional.empty();
            }
            McpSchema.ToolAnnotations hints = tool.annotations();
            boolean readOnly = hints != null && Boolean.TRUE.equals(hints.readOnlyHint());
            SideEffect effect = switch (config.approval()) {
                case HINTS -> readOnly ? SideEffect.READ : SideEffect.DESTRUCTIVE;
                case ALWAYS -> SideEffect.DESTRUCTIVE;
                case NEVER -> readOnly ? SideEffect.READ : SideEffect.WRITE;
            };
            String title = tool.title() != null && !tool.title().isBlank()
                    ? tool.title()
                    : hints != null && hints.title() != null && !hints.title().isBlank() ? hints.title() : "";
            String description =
                    tool.description() == null || tool.description().isBlank()
                            ? (title.isEmpty() ? "The " + tool.name() + " tool of " + config.name() : title)
                            : tool.description();
            String remoteName = tool.name();
            Tool.Builder built;
            try {
                built = Tool.builder(lucyName(config.name(), remoteName))
                        .description(description)
                        .schema(schema);
            } catch (IllegalArgumentException e) {
                log.log(
                        System.Logger.Level.WARNING,
                        "MCP server {0}: tool {1} is left out: {2}",
                        config.name(),
                        remoteName,
                        e.getMessage());
                return Optional.empty();
            }
            built.provider(config.name())
                    .sideEffect(effect)
                    .idempotent(hints != null && Boolean.TRUE.equals(hints.idempotentHint()))
                    .timeout(config.callTimeout())
                    .tags(config.name(), "mcp")
                    .handler((caller, arguments) -> call(caller, remoteName, arguments));
            if (hints != null && Boolean.TRUE.equals(hints.openWorldHint())) {
                built.tags(OPEN_WORLD_TAG);
            }
            return Optional.of(built.build());
        }

        private ToolResult call(Caller caller, String remoteName, JsonNode arguments) {
            if (config.personal()) {
                return callAsPerson(caller, remoteName, arguments);
            }
            McpSyncClient current = client;
            if (current == null || state != McpServerStatus.State.READY) {
                return unavailable();
            }
            return call(current, remoteName, arguments, () -> signal(false));
        }

        private ToolResult callAsPerson(Caller caller, String remoteName, JsonNode arguments) {
            McpTokenStore.Key key = McpOAuth.key(caller, config.name());
            if (oauth.isEmpty() || !oauth.get().connected(caller, config.name())) {
                return notConnected();
            }
            Person person;
            try {
                person = person(key);
            } catch (RuntimeException e) {
                if (causedBy(e, NotConnectedException.class)) {
                    return notConnected();
                }
                log.log(
                        System.Logger.Level.WARNING,
                        "MCP server {0}: the session of {1} could not open ({2})",
                        config.name(),
                        key.userId(),
                        reason(config, e));
                return ToolResult.failure(
                        ToolError.UNAVAILABLE,
                        "The " + config.name() + " tools are not reachable right now. Tell the person, and that they"
                                + " can ask again in a minute; do not retry now.");
            }
            ToolResult result = call(person.client, remoteName, arguments, () -> closePerson(key));
            if (result instanceof ToolResult.Failure && !oauth.get().connected(caller, config.name())) {
                closePerson(key);
                return notConnected();
            }
            return result;
        }

        private ToolResult notConnected() {
            return ToolResult.failure(
                    ToolError.CONNECTION_REQUIRED,
                    "The person has not connected " + config.name() + " (or their connection ended). Tell them to"
                            + " connect it with " + connectHint(config.name()) + ", then ask again. Do not retry"
                            + " before they have.");
        }

        private ToolResult call(McpSyncClient current, String remoteName, JsonNode arguments, Runnable lost) {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = JSON.convertValue(arguments, Map.class);
            McpSchema.CallToolResult result;
            try {
                result = current.callTool(new McpSchema.CallToolRequest(remoteName, args == null ? Map.of() : args));
            } catch (McpError e) {
                // The server answered, with an error about this call.
                String message = e.getJsonRpcError() == null
                        ? String.valueOf(e.getMessage())
                        : e.getJsonRpcError().message();
                ToolError kind =
                        e.getJsonRpcError() != null && e.getJsonRpcError().code() == McpSchema.ErrorCodes.INVALID_PARAMS
                                ? ToolError.INVALID_ARGUMENTS
                                : ToolError.FATAL;
                return ToolResult.failure(kind, config.name() + " refused the call: " + bounded(message, 2_000));
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return ToolResult.failure(ToolError.TIMED_OUT, config.name() + " was stopped");
                }
                lost.run(); // is the server still there? the supervisor finds out at once
                return ToolResult.failure(
                        ToolError.UNAVAILABLE,
                        config.name() + " did not answer this call. Tell the person the " + config.name()
                                + " tools are not reachable right now and that Lucy is reconnecting; do not retry"
                                + " now.");
            }
            String text = bounded(content(result), MAX_RESULT_CHARS);
            if (Boolean.TRUE.equals(result.isError())) {
                return ToolResult.failure(ToolError.FATAL, config.name() + " reported an error: " + text);
            }
            return ToolResult.success(text.isEmpty() ? "(the tool returned nothing)" : text);
        }

        private ToolResult unavailable() {
            String why = state == McpServerStatus.State.STARTING ? "is still starting" : "is not reachable right now";
            return ToolResult.failure(
                    ToolError.UNAVAILABLE,
                    "The " + config.name() + " tools are unavailable: the server " + why
                            + ". Tell the person, and that they can ask again in a minute; do not retry now.");
        }
    }

    /** What the model is shown of a result: structured content when given, else every part in plain text. */
    static String content(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        if (result.structuredContent() != null) {
            try {
                return JSON.writeValueAsString(result.structuredContent());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // Fall back to the content parts.
            }
        }
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content part : result.content()) {
                parts.add(
                        switch (part) {
                            case McpSchema.TextContent t -> t.text();
                            case McpSchema.ImageContent i -> "[image, " + i.mimeType() + "]";
                            case McpSchema.AudioContent a -> "[audio, " + a.mimeType() + "]";
                            case McpSchema.ResourceLink link -> "[resource " + link.name() + ": " + link.uri() + "]";
                            case McpSchema.EmbeddedResource embedded ->
                                switch (embedded.resource()) {
                                    case McpSchema.TextResourceContents r -> "[resource " + r.uri() + "]\n" + r.text();
                                    case McpSchema.BlobResourceContents r ->
                                        "[resource " + r.uri() + ", " + r.mimeType() + ", binary]";
                                    default -> "[resource]";
                                };
                            default -> "[" + part.type() + " content]";
                        });
            }
        }
        text.append(String.join("\n", parts));
        return text.toString();
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n[cut: " + (text.length() - max) + " more]";
    }

    /** A failure in a few words, without stack traces (and without the header values a message might echo). */
    private static String reason(McpServerConfig config, RuntimeException e) {
        Throwable root = e;
        for (Throwable t = e; t != null && config.url().isPresent(); t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
                URI url = config.url().get();
                return "cannot connect to " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
            }
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.replace('\n', ' ');
        return message.length() > 160 ? message.substring(0, 160) + "…" : message;
    }

    /**
     * Ends a session. Gracefully for a stdio server, whose process must end; a remote session is simply closed, as
     * the SDK's graceful close can wait ten seconds on a server that is gone.
     */
    private static void closeQuietly(McpSyncClient client, boolean graceful) {
        try {
            if (graceful) {
                client.closeGracefully();
            }
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.DEBUG, "closing an MCP session failed: {0}", e.getMessage());
        } finally {
            try {
                client.close();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.DEBUG, "closing an MCP client failed: {0}", e.getMessage());
            }
        }
    }

    /** Builds {@link McpServers}; every timing has a default. */
    public static final class Builder {
        private final List<McpServerConfig> servers;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration healthCheckEvery = DEFAULT_HEALTH_CHECK_EVERY;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration idleAfter = DEFAULT_IDLE_AFTER;
        private Optional<McpOAuth> oauth = Optional.empty();

        private Builder(List<McpServerConfig> servers) {
            this.servers = List.copyOf(servers);
        }

        /** The longest a server may take to start and answer the handshake. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive("startTimeout", timeout);
            return this;
        }

        /** How often a quiet server is pinged to find out that it died. */
        public Builder healthCheckEvery(Duration every) {
            this.healthCheckEvery = positive("healthCheckEvery", every);
            return this;
        }

        /** The first pause before a server that went down is tried again; it doubles up to {@link #maxBackoff}. */
        public Builder minBackoff(Duration backoff) {
            this.minBackoff = positive("minBackoff", backoff);
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = positive("maxBackoff", backoff);
            return this;
        }

        /** The sign-ins for servers people connect one by one ({@link McpServerConfig#oauth()}). */
        public Builder oauth(McpOAuth oauth) {
            this.oauth = Optional.of(Objects.requireNonNull(oauth, "oauth"));
            return this;
        }

        /** How long a person's session stays open without calls. */
        public Builder idleAfter(Duration idle) {
            this.idleAfter = positive("idleAfter", idle);
            return this;
        }

        public McpServers build() {
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than minBackoff");
            }
            return new McpServers(this);
        }

        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (!value.isPositive()) {
                throw new IllegalArgumentException(field + " must be positive: " + value);
            }
            return value;
        }
    }
}

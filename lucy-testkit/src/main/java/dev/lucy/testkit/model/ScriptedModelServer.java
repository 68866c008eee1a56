package dev.lucy.testkit.model;

import static dev.lucy.core.Locks.locked;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A scripted OpenAI-compatible chat-completions server on loopback, for testing model clients and agents
 * offline: {@code POST /v1/chat/completions} (plain and streamed), {@code GET /v1/models}.
 *
 * <pre>{@code
 * try (ScriptedModelServer server = ScriptedModelServer.start()) {
 *     server.enqueue(Reply.toolCall("search", "{\"q\":\"lucy\"}"), Reply.text("Found it."));
 *     // point the client at server.baseUrl(), e.g. http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 *
 * <p>Each request is answered by the first of: the model's fault ({@link ModelRules#failWith(Fault)}), the
 * model's queue, the server's queue ({@link #enqueue(Turn...)}), the model's script, the server's script
 * (default {@link Script#echo()}). Before that the server refuses, with OpenAI's 400/401 error bodies, requests
 * that are not valid JSON, lack a model or messages, break the tool-call pairing of the conversation, exceed the
 * context window, or (when an API key is set) carry the wrong key.
 *
 * <p>Thread safe: scripts, queues, faults and latencies may change while requests run; every request is recorded
 * ({@link #requests()}) unless {@link Builder#keepRequests(boolean)} turns that off for load tests. Handlers run on virtual threads, so thousands of slow or streaming requests can be open at
 * once. {@link #close()} ends every open request and releases the port.
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay} to {@code true} unless it is
 * set, so that streamed events leave at once as they do from a real provider, and raises
 * {@code sun.net.httpserver.maxIdleConnections} to 10,000 unless it is set: beyond the JDK's default of 200 idle
 * connections the server closes them while clients still reuse them, which fails requests under load.
 */
public final class ScriptedModelServer implements AutoCloseable {
    /** The model {@code GET /v1/models} lists unless the builder names others. */
    public static final String DEFAULT_MODEL = "lucy-test-model";
    /** The context window, in estimated tokens, unless the builder sets another. */
    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;
    /** The accept backlog unless the builder sets another. */
    public static final int DEFAULT_BACKLOG = 4096;

    static {
        // A provider flushes each server-sent event at once. Without TCP_NODELAY the JDK server's small writes wait
        // for the client's delayed ACK (about 40 ms a stream on Linux). The JDK server reads this property once,
        // when it is first used; a value the user set wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        }
    }

    private final Settings config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    // Handlers run on new virtual threads, which defeat Jackson's per-thread buffer reuse: share a pool instead.
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .build();

    // The server's own queue, script and latency: the rules of every model, behind each model's own.
    private final ModelRules everyModel = new ModelRules("*");
    private final ConcurrentMap<String, ModelRules> rules = new ConcurrentHashMap<>();

    private final ReentrantLock recordLock = new ReentrantLock();
    private final Condition recorded = recordLock.newCondition();
    private final List<ModelRequest> requests = new ArrayList<>();
    private int received;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<Thread, Boolean> handlers = new ConcurrentHashMap<>();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final List<RequestOverlaps> overlaps = new CopyOnWriteArrayList<>();

    private ScriptedModelServer(Settings config) {
        this.config = config;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            this.http = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), config.backlog());
        } catch (IOException e) {
            executor.close();
            throw new UncheckedIOException(
                    "cannot listen on loopback port " + config.port() + ": " + e.getMessage(), e);
        }
        http.setExecutor(executor);
        http.createContext("/", new ModelServerHandler(this));
        http.start();
    }

    /** Starts a server with the defaults on a free loopback port. */
    public static ScriptedModelServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL an OpenAI-compatible client is configured with: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        InetAddress address = http.getAddress().getAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "http://" + host + ":" + port() + "/v1";
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Answers the next requests with these turns, in order, once no model-specific rule applies. */
    public ScriptedModelServer enqueue(Turn... turns) {
        everyModel.enqueue(turns);
        return this;
    }

    /** Decides the answers once the queues are empty. */
    public ScriptedModelServer script(Script newScript) {
        everyModel.script(newScript);
        return this;
    }

    /** Waits this long before answering any request, unless the model or the reply says otherwise. */
    public ScriptedModelServer latency(Latency newLatency) {
        everyModel.latency(newLatency);
        return this;
    }

    /** The rules for one model name, created on first use; they show in {@code GET /v1/models}. */
    public ModelRules model(String name) {
        Objects.requireNonNull(name, "name");
        return rules.computeIfAbsent(name, ModelRules::new);
    }

    /**
     * Every chat-completions request received so far, oldest first (a snapshot). Empty when the builder turned
     * keeping them off ({@link Builder#keepRequests(boolean)}); {@link #requestCount()} still counts them.
     */
    public List<ModelRequest> requests() {
        return locked(recordLock, () -> List.copyOf(requests));
    }

    /** The latest chat-completions request, when there was one. */
    public Optional<ModelRequest> lastRequest() {
        return locked(
                recordLock,
                () -> requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1)));
    }

    /** How many chat-completions requests were received so far, kept or not. */
    public int requestCount() {
        return locked(recordLock, () -> received);
    }

    /**
     * Blocks until at least {@code count} requests were received or {@code timeout} passed.
     *
     * @return whether the count was reached
     */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        recordLock.lock();
        try {
            while (received < count) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = recorded.awaitNanos(nanos);
            }
            return true;
        } finally {
            recordLock.unlock();
        }
    }

    /**
     * Counts overlapping chat requests with {@code tracker} from now on (for example two requests of one conversation
     * worked on at once), until {@link #reset()}.
     */
    public ScriptedModelServer track(RequestOverlaps tracker) {
        overlaps.add(Objects.requireNonNull(tracker, "tracker"));
        return this;
    }

    /** How many HTTP requests are being handled right now (waiting, streaming or never answering). */
    public int openRequests() {
        return open.get();
    }

    /** The most HTTP requests that were open at the same time since the start (or the last reset). */
    public int peakOpenRequests() {
        return peakOpen.get();
    }

    /**
     * Forgets the queues, model rules, recorded requests, overlap trackers and the peak count, and restores the builder's script and
     * latency. Requests still open (one that never answers, a long latency or a slow stream left by an earlier
     * test) are ended first: their clients see the connection close.
     */
    public void reset() {
        endOpenRequests();
        everyModel.reset();
        rules.clear();
        overlaps.clear();
        recordLock.lock();
        try {
            requests.clear();
            received = 0;
            sequence.set(0);
        } finally {
            recordLock.unlock();
        }
        peakOpen.set(open.get());
    }

    /** Ends every open request (clients see their connection close), stops listening and frees the port. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ScriptedModelServer[" + baseUrl() + "]";
    }

    // ---- used by the handler

    Settings config() {
        return config;
    }

    /** The {@code created} timestamp of an answer: now, in seconds, on the builder's clock. */
    long created() {
        return config.clock().instant().getEpochSecond();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    CountDownLatch closing() {
        return closing;
    }

    int nextSequence() {
        return sequence.incrementAndGet();
    }

    void opened() {
        handlers.put(Thread.currentThread(), Boolean.TRUE);
        int now = open.incrementAndGet();
        peakOpen.accumulateAndGet(now, Math::max);
    }

    void finished() {
        open.decrementAndGet();
        handlers.remove(Thread.currentThread());
    }

    /** Interrupts every running handler (each drops its connection) and waits, briefly, for them to end. */
    private void endOpenRequests() {
        Set<Thread> running = Set.copyOf(handlers.keySet());
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (running.stream().anyMatch(handlers::containsKey) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    void arrived(ModelRequest request) {
        overlaps.forEach(tracker -> tracker.arrived(request));
    }

    /** The request's answer starts to leave, or it ended without one; said once or more. */
    void answering(ModelRequest request) {
        overlaps.forEach(tracker -> tracker.answering(request));
    }

    void record(ModelRequest request) {
        recordLock.lock();
        try {
            received++;
            if (config.keepRequests()) {
                requests.add(request);
            }
            recorded.signalAll();
        } finally {
            recordLock.unlock();
        }
    }

    /** The turn for one valid request, in the documented order of precedence. */
    Turn decide(ModelRequest request) {
        ModelRules modelRules = rules.get(request.model());
        if (modelRules != null) {
            Optional<Fault> fault = modelRules.fault();
            if (fault.isPresent()) {
                return fault.get();
            }
            Optional<Turn> queued = modelRules.pollQueue();
            if (queued.isPresent()) {
                return queued.get();
            }
        }
        Optional<Turn> queued = everyModel.pollQueue();
        if (queued.isPresent()) {
            return queued.get();
        }
        Script chosen = ruleOf(modelRules, ModelRules::script).orElse(config.script());
        return Objects.requireNonNull(chosen.next(request), "the script returned no turn");
    }

    /** The wait before answering: the reply's own latency, else the model's, else the server's. */
    Latency latencyFor(ModelRequest request, Turn turn) {
        if (turn instanceof Reply reply && reply.latency().isPresent()) {
            return reply.latency().get();
        }
        return ruleOf(rules.get(request.model()), ModelRules::latency).orElse(config.latency());
    }

    /** The model's own rule when it has one, else the server's, else none (the builder's setting applies). */
    private <T> Optional<T> ruleOf(ModelRules modelRules, Function<ModelRules, Optional<T>> rule) {
        Optional<T> own = modelRules == null ? Optional.empty() : rule.apply(modelRules);
        return own.or(() -> rule.apply(everyModel));
    }

    List<String> modelNames() {
        Set<String> names = new LinkedHashSet<>(config.models());
        names.addAll(rules.keySet());
        return List.copyOf(names);
    }

    /** Configures a server; {@link #start()} may be called more than once. Not thread safe. */
    public static final class Builder {
        private int port;
        private int backlog = DEFAULT_BACKLOG;
        private Script script = Script.echo();
        private Latency latency = Latency.NONE;
        private List<String> models = List.of(DEFAULT_MODEL);
        private Optional<String> apiKey = Optional.empty();
        private int contextWindow = DEFAULT_CONTEXT_WINDOW;
        private boolean strictConversation = true;
        private Clock clock = Clock.systemUTC();
        private Optional<Duration> keepAliveComments = Optional.empty();
        private boolean rejectUnknownModels;
        private boolean keepRequests = true;

        private Builder() {}

        /** The loopback port; 0 (the default) lets the system pick a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** How many connections may wait to be accepted; default {@value #DEFAULT_BACKLOG}. */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be positive: " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /** The script used when no queue or model rule answers; default {@link Script#echo()}. */
        public Builder script(Script script) {
            this.script = Objects.requireNonNull(script, "script");
            return this;
        }

        /** The wait before every answer; default none. */
        public Builder latency(Latency latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * The models {@code GET /v1/models} lists; default {@value #DEFAULT_MODEL}. Any name is served unless
         * {@link #rejectUnknownModels()} is set.
         */
        public Builder models(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("models: list at least one model");
            }
            this.models = List.of(names);
            return this;
        }

        /** Refuses (401 {@code invalid_api_key}) requests without {@code Authorization: Bearer <key>}. */
        public Builder apiKey(String key) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("apiKey cannot be blank");
            }
            this.apiKey = Optional.of(key);
            return this;
        }

        /**
         * The context window in estimated tokens (about four characters each): longer prompts get 400
         * {@code context_length_exceeded}. Default {@value #DEFAULT_CONTEXT_WINDOW}.
         */
        public Builder contextWindow(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("contextWindow must be positive: " + tokens);
            }
            this.contextWindow = tokens;
            return this;
        }

        /**
         * Whether to refuse, as OpenAI does, a conversation where a tool message answers no preceding tool call
         * or a tool call has no answer. Default true.
         */
        public Builder strictConversation(boolean strict) {
            this.strictConversation = strict;
            return this;
        }

        /** The clock for the {@code created} timestamps; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Streams like OpenRouter: a streamed reply opens its stream at once and sends the SSE comment
         * {@code : OPENROUTER PROCESSING} right away and then every {@code every} while its latency lasts, before
         * the first chunk. Clients must skip comment lines. Default off: the stream opens after the latency.
         */
        public Builder keepAliveComments(Duration every) {
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("keepAliveComments needs a positive interval: " + every);
            }
            this.keepAliveComments = Optional.of(every);
            return this;
        }

        /**
         * Answers requests for a model that is neither listed ({@link #models(String...)}) nor given rules
         * ({@link ScriptedModelServer#model(String)}) with 404 {@code model_not_found}, as OpenAI does. Default off.
         */
        public Builder rejectUnknownModels() {
            this.rejectUnknownModels = true;
            return this;
        }

        /**
         * Whether to keep every request for {@link ScriptedModelServer#requests()} and
         * {@link ScriptedModelServer#lastRequest()}; default true. Load tests that send thousands of growing
         * conversations turn it off so the server does not hold every body and its parsed form until it closes;
         * {@link ScriptedModelServer#requestCount()} and {@link ScriptedModelServer#awaitRequests} still count.
         */
        public Builder keepRequests(boolean keep) {
            this.keepRequests = keep;
            return this;
        }

        public ScriptedModelServer start() {
            return new ScriptedModelServer(new Settings(
                    port,
                    backlog,
                    script,
                    latency,
                    models,
                    apiKey,
                    contextWindow,
                    strictConversation,
                    clock,
                    keepAliveComments,
                    rejectUnknownModels,
                    keepRequests));
        }
    }

    /** What the builder set, fixed when the server starts; the handler reads it. */
    record Settings(
            int port,
            int backlog,
            Script script,
            Latency latency,
            List<String> models,
            Optional<String> apiKey,
            int contextWindow,
            boolean strictConversation,
            Clock clock,
            Optional<Duration> keepAliveComments,
            boolean rejectUnknownModels,
            boolean keepRequests) {}
}

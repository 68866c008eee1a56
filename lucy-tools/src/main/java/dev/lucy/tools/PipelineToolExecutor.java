package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Caller;
import dev.lucy.core.Sleeper;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.RunBudget;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ServedRequestStore;
import dev.lucy.tools.spi.ToolInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Lucy's {@link ToolExecutor}: retrieval picks the tools shown to the model, and every call runs through the
 * {@link ToolPipeline}.
 *
 * <p>{@link #toolsFor} returns the top-K tools for the request among those the caller has connected and may use,
 * plus {@code search_tools}, with which the model asks for more. {@link #execute} answers unknown names with the
 * closest real ones and runs everything else through the pipeline (validate, authorize, approve, rate limit,
 * circuit breaker, timeout, retry, handler, normalise, metrics). A successful call teaches retrieval that the
 * conversation's request was served by that tool; with a {@link ServedRequestStore} that lesson is kept there too
 * ({@link ToolLearning}), and the history already stored is learned when the executor is built.
 *
 * <p>Thread safe; {@code execute} blocks (approvals included) and never throws for expected failures. Close it to
 * free the retrieval index it owns.
 */
public final class PipelineToolExecutor implements ToolExecutor, AutoCloseable {
    /** The name of the meta-tool that searches the catalogue. */
    public static final String SEARCH_TOOLS = "search_tools";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolRegistry registry;
    private final ToolRetriever retriever;
    private final boolean ownsRetriever;
    private final ToolCatalogue catalogue;
    private final ConnectionResolver connections;
    private final BiPredicate<Caller, Tool> access;
    private final ToolPipeline pipeline;
    private final ToolMetrics metrics;
    private final int topK;
    private final boolean offerAllWhenFew;
    private final Optional<Tool> searchTool;
    private final Cache<String, String> requests;
    private final Optional<ToolLearning> learning;

    private PipelineToolExecutor(Builder b) {
        this.registry = b.registry;
        this.ownsRetriever = b.retriever == null;
        this.retriever = b.retriever != null ? b.retriever : Bm25ToolIndex.following(b.registry, b.retrievalConfig);
        this.learning = b.servedRequests.map(
                store -> ToolLearning.create(retriever, store, b.retrievalConfig.maxExamplesPerTool()));
        this.connections = b.connections;
        this.catalogue = b.catalogue != null ? b.catalogue : ToolCatalogue.create(b.registry, b.connections);
        if (b.connections instanceof Connections changing) {
            // A new or removed connection must show in the very next retrieval, not after the cache's TTL.
            changing.onChange(catalogue::invalidate);
        }
        this.access = b.access;
        this.metrics = b.metrics;
        this.topK = b.topK;
        this.offerAllWhenFew = b.offerAllWhenFew;
        this.searchTool = b.searchTool ? Optional.of(searchTool()) : Optional.empty();
        this.requests = Caffeine.newBuilder()
                .maximumSize(50_000)
                .expireAfterWrite(Duration.ofHours(1))
                .build();
        this.pipeline = b.pipeline();
        learning.ifPresent(ToolLearning::sync);
    }

    public static Builder builder(ToolRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public List<ToolSpec> toolsFor(Caller caller, String request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(request, "request");
        requests.put(caller.conversationId(), request);
        List<ToolSpec> specs = new ArrayList<>(topK + 1);
        if (offerAllWhenFew && registry.size() <= topK) {
            RetrievalFilter filter = filterFor(caller);
            for (Tool tool : registry.tools()) {
                if (filter.accepts(tool.provider(), tool.name())) {
                    specs.add(tool.spec());
                }
            }
        } else {
            for (ScoredTool hit : retriever.search(request, filterFor(caller), topK)) {
                registry.find(hit.name()).ifPresent(tool -> specs.add(tool.spec()));
            }
        }
        searchTool.ifPresent(tool -> specs.add(tool.spec()));
        return List.copyOf(specs);
    }

    @Override
    public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
        return execute(caller, call, arguments, RunBudget.none());
    }

    /** Runs the call through the pipeline; a wait for an approval pauses {@code budget}. */
    @Override
    public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments, RunBudget budget) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(budget, "budget");
        Optional<Tool> tool = find(call.name());
        if (tool.isEmpty()) {
            metrics.unknownTool();
            return unknownTool(call.name());
        }
        ToolResult result = pipeline.execute(ToolRequest.of(caller, tool.get(), call, arguments, budget));
        if (result instanceof ToolResult.Success && !call.name().equals(SEARCH_TOOLS)) {
            String request = requests.getIfPresent(caller.conversationId());
            if (request != null) {
                learning.ifPresentOrElse(
                        l -> l.served(call.name(), request), () -> retriever.learn(call.name(), request));
            }
        }
        return result;
    }

    public ToolMetrics metrics() {
        return metrics;
    }

    public ToolCatalogue catalogue() {
        return catalogue;
    }

    public ToolRegistry registry() {
        return registry;
    }

    /**
     * Where what retrieval learned is kept, when a {@link Builder#servedRequests store} was given: call its {@link
     * ToolLearning#sync()} now and then, and once before closing, to store what was learned here and learn what other
     * processes stored.
     */
    public Optional<ToolLearning> learning() {
        return learning;
    }

    @Override
    public void close() {
        if (ownsRetriever && retriever instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the tool index", e);
            }
        }
    }

    @Override
    public boolean readOnly(String toolName) {
        return find(toolName).map(tool -> tool.sideEffect() == SideEffect.READ).orElse(false);
    }

    /** Tools the model learned of through {@code search_tools}, when this caller may use them. */
    @Override
    public Optional<ToolSpec> describe(Caller caller, String toolName) {
        return registry.find(toolName).filter(tool -> access.test(caller, tool)).map(Tool::spec);
    }

    private Optional<Tool> find(String name) {
        if (searchTool.isPresent() && name.equals(SEARCH_TOOLS)) {
            return searchTool;
        }
        return registry.find(name);
    }

    private RetrievalFilter filterFor(Caller caller) {
        Set<String> providers = catalogue.connectedProviders(caller);
        return RetrievalFilter.providers(providers)
                .and(name -> registry.find(name)
                        .map(tool -> access.test(caller, tool))
                        .orElse(false));
    }

    private ToolResult unknownTool(String name) {
        Set<String> names = registry.tools().stream().map(Tool::name).collect(Collectors.toSet());
        return searchTool.isPresent()
                ? ToolResult.unknownTool(name, names, SEARCH_TOOLS)
                : ToolResult.unknownTool(name, names);
    }

    private Tool searchTool() {
        return Tool.builder(SEARCH_TOOLS)
                .description("Search all of Lucy's tools by what you need to do, when none of the tools you were"
                        + " given fits. Returns matching tools with their argument schemas; you can call them"
                        + " directly afterwards.")
                .schema("""
                        {"type":"object","properties":{
                          "query":{"type":"string","minLength":1,"description":"What you need to do, in plain words"},
                          "limit":{"type":"integer","minimum":1,"maximum":20,"description":"How many tools, 5 if omitted"}
                        },"required":["query"],"additionalProperties":false}""")
                .tags("search", "find", "tools", "more")
                .timeout(Duration.ofSeconds(5))
                .handler(this::searchTools)
                .build();
    }

    private ToolResult searchTools(Caller caller, JsonNode arguments) {
        String query = arguments.path("query").asText();
        int limit = arguments.path("limit").asInt(5);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode found = answer.putArray("tools");
        for (ScoredTool hit : retriever.search(query, filterFor(caller), limit)) {
            registry.find(hit.name()).ifPresent(tool -> {
                ObjectNode entry = found.addObject();
                entry.put("name", tool.name());
                entry.put("description", tool.description());
                entry.set("parameters", tool.schema());
            });
        }
        // Matching tools the caller has not connected yet: the model can tell the user where to connect them.
        ArrayNode missing = JSON.createArrayNode();
        Set<String> connected = catalogue.connectedProviders(caller);
        for (ScoredTool hit : retriever.search(query, RetrievalFilter.all(), limit)) {
            registry.find(hit.name())
                    .filter(tool -> !connected.contains(tool.provider()) && access.test(caller, tool))
                    .ifPresent(tool -> {
                        if (connections.status(caller, tool.provider()) instanceof ConnectionResolver.Missing m) {
                            ObjectNode entry = missing.addObject();
                            entry.put("name", tool.name());
                            entry.put("description", tool.description());
                            entry.put("provider", m.provider());
                            entry.put("connect_url", m.connectUrl());
                        }
                    });
        }
        if (!missing.isEmpty()) {
            answer.set("needs_connection", missing);
        }
        if (found.isEmpty() && missing.isEmpty()) {
            answer.put("note", "no tool matches; answer without tools or ask the user");
        }
        return ToolResult.success(answer.toString());
    }

    /** Builds a {@link PipelineToolExecutor}; every part has a default. */
    public static final class Builder {
        private final ToolRegistry registry;
        private ToolRetriever retriever;
        private RetrievalConfig retrievalConfig = RetrievalConfig.defaults();
        private Optional<ServedRequestStore> servedRequests = Optional.empty();
        private ToolCatalogue catalogue;
        private ConnectionResolver connections = ConnectionResolver.allConnected();
        private BiPredicate<Caller, Tool> access = (caller, tool) -> true;
        private ApprovalGate approvals;
        private Map<String, RateLimit> rateLimits = Map.of();
        private RateBudget rateBudget;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.system();
        private ResultLimits resultLimits = ResultLimits.defaults();
        private Clock clock = Clock.systemUTC();
        private ToolMetrics metrics = new ToolMetrics();
        private int topK = 8;
        private boolean offerAllWhenFew;
        private boolean searchTool = true;
        private final Map<ToolPipeline.Stage, ToolInterceptor> replaced = new EnumMap<>(ToolPipeline.Stage.class);

        private Builder(ToolRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The retriever to use (the caller closes it); by default a {@link Bm25ToolIndex} following the registry. */
        public Builder retriever(ToolRetriever retriever) {
            this.retriever = Objects.requireNonNull(retriever, "retriever");
            return this;
        }

        public Builder retrievalConfig(RetrievalConfig config) {
            this.retrievalConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Keeps what retrieval learns (the requests each tool served) in {@code store} as well, and learns the history
         * stored there when the executor is built (see {@link PipelineToolExecutor#learning()}). By default learning
         * lives in the retriever only and ends with the process.
         */
        public Builder servedRequests(ServedRequestStore store) {
            this.servedRequests = Optional.of(Objects.requireNonNull(store, "store"));
            return this;
        }

        /** The catalogue cache; by default one over the registry and {@link #connections}. */
        public Builder catalogue(ToolCatalogue catalogue) {
            this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
            return this;
        }

        public Builder connections(ConnectionResolver connections) {
            this.connections = Objects.requireNonNull(connections, "connections");
            return this;
        }

        /** Which tools a caller may use at all (permissions); all by default. */
        public Builder access(BiPredicate<Caller, Tool> access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** The gate destructive calls wait in; without one, destructive calls are refused. */
        public Builder approvals(ApprovalGate gate) {
            this.approvals = Objects.requireNonNull(gate, "gate");
            return this;
        }

        public Builder rateLimits(Map<String, RateLimit> limitsByProvider) {
            this.rateLimits = Map.copyOf(limitsByProvider);
            return this;
        }

        /**
         * Where the per-provider buckets of {@link #rateLimits} live. By default in this process (bucket4j); a
         * {@code dev.lucy.store.JdbcRateBudget} on PostgreSQL makes one provider's limit hold for every replica
         * together (each call then costs one short transaction).
         */
        public Builder rateBudget(RateBudget budget) {
            this.rateBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder resultLimits(ResultLimits limits) {
            this.resultLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The clock of rate limits and circuit breakers. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder metrics(ToolMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** How many retrieved tools to show the model (besides {@code search_tools}). */
        public Builder topK(int topK) {
            if (topK < 1 || topK > 128) {
                throw new IllegalArgumentException("topK must be within [1, 128]: " + topK);
            }
            this.topK = topK;
            return this;
        }

        /**
         * Whether the model sees every tool the caller may use, without a search, while there are no more than
         * {@link #topK} of them (off by default: every request is searched). A search would choose among them
         * anyway, so this only saves its cost, and never hides a tool with no words in common with the request.
         */
        public Builder offerAllWhenFew(boolean enabled) {
            this.offerAllWhenFew = enabled;
            return this;
        }

        /** Whether to offer the {@code search_tools} meta-tool (on by default). */
        public Builder searchTool(boolean enabled) {
            this.searchTool = enabled;
            return this;
        }

        /** Replaces one standard stage of the pipeline. */
        public Builder stage(ToolPipeline.Stage stage, ToolInterceptor interceptor) {
            replaced.put(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public PipelineToolExecutor build() {
            return new PipelineToolExecutor(this);
        }

        private ToolPipeline pipeline() {
            ToolPipeline.Builder p = ToolPipeline.builder()
                    .stage(ToolPipeline.Stage.METRICS, ToolInterceptors.metrics(registry.usage(), metrics))
                    .stage(ToolPipeline.Stage.NORMALIZE, ToolInterceptors.normalization(resultLimits))
                    .stage(ToolPipeline.Stage.VALIDATE, ToolInterceptors.validation())
                    .stage(ToolPipeline.Stage.AUTHORIZE, ToolInterceptors.authorization(connections))
                    .stage(
                            ToolPipeline.Stage.APPROVE,
                            approvals == null
                                    ? ToolInterceptors.refuseDestructive()
                                    : ToolInterceptors.approval(approvals))
                    .stage(
                            ToolPipeline.Stage.RATE_LIMIT,
                            rateBudget == null
                                    ? ToolInterceptors.rateLimit(rateLimits, clock)
                                    : ToolInterceptors.rateLimit(Map.copyOf(rateLimits)::get, rateBudget))
                    .stage(ToolPipeline.Stage.CIRCUIT_BREAKER, ToolInterceptors.circuitBreaker(clock))
                    .stage(ToolPipeline.Stage.TIMEOUT, ToolInterceptors.timeout())
                    .stage(ToolPipeline.Stage.RETRY, ToolInterceptors.retry(retryPolicy, sleeper));
            replaced.forEach(p::stage);
            return p.build();
        }
    }
}

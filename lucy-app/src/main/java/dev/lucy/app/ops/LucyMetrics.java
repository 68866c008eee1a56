package dev.lucy.app.ops;

import dev.lucy.app.slack.SlackCallObserver;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.CircuitState;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.Usage;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.core.runtime.RuntimeStats;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.ToolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds Lucy's runtime, agent, model and Slack events to Micrometer meters, named the Prometheus way: every meter
 * starts with {@code lucy_}, durations are in seconds, and every duration is a histogram with fixed buckets, so
 * Prometheus can add the replicas up and take percentiles over any window ({@code histogram_quantile}). Among them
 * the seed's five SLO gauges: {@code lucy_tool_loop_ratio}, {@code lucy_unknown_tool_ratio},
 * {@code lucy_no_text_fallback_ratio}, {@code lucy_tool_execution_error_ratio} and
 * {@code lucy_tool_p95_latency_seconds}, and {@code lucy_build_info}.
 *
 * <p>Pass it to {@code LucyRuntime.Builder.observer} and to every agent run as its {@link AgentObserver} (one
 * instance serves all runs), as the engine's model listener, wrap the model endpoint with {@link #measured}, and give
 * it to the Slack transport as its {@link SlackCallObserver}.
 *
 * <p>Thread safe and cheap: meters are created up front, or once per model and Web API method; events only increment.
 * When the tool pipeline's {@link ToolMetrics} is given, the execution error ratio and the pipeline's own counters
 * come from it, rather than being counted twice. The ratios are since the process started; for windows and across
 * replicas, use the counters with Prometheus' {@code rate()}. See docs/operations.md for every meter.
 */
public final class LucyMetrics implements RuntimeObserver, AgentObserver, ModelEventListener, SlackCallObserver {
    private static final double P95 = 0.95;
    /** The model label of a request that names none: the client's configured default. */
    static final String DEFAULT_MODEL = "default";
    /** The outcome of a model request that answered. */
    static final String OK = "ok";
    /** The outcome of a model request that failed other than the model client reports failures: a bug. */
    static final String UNEXPECTED = "unexpected";

    /** Bucket bounds: fine below a second, where answers should be, and up to what each wait may last. */
    static final Duration[] QUEUE_WAIT_BUCKETS =
            seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120);

    static final Duration[] RUN_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300, 600, 1800);
    /** The tool SLO is p95 at most 8 s; 8 is a bound so the quantile is exact there. */
    static final Duration[] TOOL_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120);

    static final Duration[] MODEL_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300);
    static final Duration[] SLACK_BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private final MeterRegistry registry;

    private final Counter accepted;
    private final Counter queued;
    private final Counter duplicate;
    private final Counter stale;
    private final Counter rejectedBusy;
    private final Counter throttled;
    private final Counter shuttingDown;
    private final Map<Priority, Timer> queueWait = new EnumMap<>(Priority.class);
    private final Map<Priority, Timer> runsOk = new EnumMap<>(Priority.class);
    private final Map<Priority, Timer> runsFailed = new EnumMap<>(Priority.class);

    private final Counter modelCalls;
    private final Counter modelFallbacks;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Map<ToolCallRecord.Disposition, Counter> toolCalls = new EnumMap<>(ToolCallRecord.Disposition.class);
    private final Map<ToolError, Counter> toolFailures = new EnumMap<>(ToolError.class);
    private final Map<AgentEvent.LoopAction, Counter> loops = new EnumMap<>(AgentEvent.LoopAction.class);
    private final Counter contextTrims;
    private final Timer toolDuration;
    private final Counter answered;
    private final Counter partial;
    private final Counter cancelled;
    private final Counter timedOut;
    private final Counter failed;
    private final Counter loopingRuns;
    private final Counter fallbackRuns;

    private final LongAdder agentRuns = new LongAdder();
    private final LongAdder runsWithLoop = new LongAdder();
    private final LongAdder runsWithFallback = new LongAdder();
    private final LongAdder toolCallsAsked = new LongAdder();
    private final LongAdder unknownToolCalls = new LongAdder();
    private final LongAdder executedCalls = new LongAdder();
    private final LongAdder executionErrors = new LongAdder();
    private final Optional<ToolMetrics> toolMetrics;

    private final ConcurrentMap<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SlackMeters> slackMethods = new ConcurrentHashMap<>();

    private LucyMetrics(MeterRegistry registry, Optional<ToolMetrics> toolMetrics) {
        this.registry = registry;
        this.toolMetrics = toolMetrics;
        BuildInfo build = BuildInfo.current();
        Gauge.builder("lucy.build.info", () -> 1)
                .description("The running build of Lucy: always 1, with its version, commit and Java version as labels")
                .tag("version", build.version())
                .tag("commit", build.commit())
                .tag("java_version", build.javaVersion())
                .strongReference(true)
                .register(registry);
        accepted = admission(registry, "accepted");
        queued = admission(registry, "queued");
        duplicate = admission(registry, "duplicate");
        stale = admission(registry, "stale");
        rejectedBusy = admission(registry, "rejected_busy");
        throttled = admission(registry, "throttled");
        shuttingDown = admission(registry, "shutting_down");
        for (Priority priority : Priority.values()) {
            String p = lower(priority);
            queueWait.put(
                    priority,
                    Timer.builder("lucy.queue.wait")
                            .description("How long agent runs waited in the queue before starting")
                            .tag("priority", p)
                            .serviceLevelObjectives(QUEUE_WAIT_BUCKETS)
                            .register(registry));
            runsOk.put(priority, run(registry, p, "ok"));
            runsFailed.put(priority, run(registry, p, "failed"));
        }

        modelCalls = Counter.builder("lucy.model.calls")
                .description("Model calls made by agent runs")
                .register(registry);
        modelFallbacks = Counter.builder("lucy.model.fallbacks")
                .description("Answers that came from a fallback model")
                .register(registry);
        promptTokens = tokens(registry, "prompt");
        completionTokens = tokens(registry, "completion");
        for (ToolCallRecord.Disposition d : ToolCallRecord.Disposition.values()) {
            toolCalls.put(
                    d,
                    Counter.builder("lucy.tool.calls")
                            .description("Tool calls the model asked for, by what became of them")
                            .tag("disposition", lower(d))
                            .register(registry));
        }
        for (ToolError error : ToolError.values()) {
            toolFailures.put(
                    error,
                    Counter.builder("lucy.tool.failures")
                            .description("Executed tool calls that failed, by error")
                            .tag("error", error.wireName())
                            .register(registry));
        }
        for (AgentEvent.LoopAction action : AgentEvent.LoopAction.values()) {
            loops.put(
                    action,
                    Counter.builder("lucy.agent.loops")
                            .description("Repeated tool calls the loop stepped in on")
                            .tag("action", lower(action))
                            .register(registry));
        }
        contextTrims = Counter.builder("lucy.agent.context.trims")
                .description("Model calls whose prompt was trimmed to fit the context budget")
                .register(registry);
        toolDuration = Timer.builder("lucy.tool.duration")
                .description("How long executed tool calls took")
                .serviceLevelObjectives(TOOL_BUCKETS)
                .publishPercentiles(P95) // read in process for the p95 gauge; Prometheus gets the buckets
                .register(registry);
        answered = outcome(registry, "answered");
        partial = outcome(registry, "partial");
        cancelled = outcome(registry, "cancelled");
        timedOut = outcome(registry, "timed_out");
        failed = outcome(registry, "failed");
        loopingRuns = Counter.builder("lucy.agent.looping.runs")
                .description("Agent runs in which a repeated tool call was stopped")
                .register(registry);
        fallbackRuns = Counter.builder("lucy.agent.no.text.fallbacks")
                .description("Agent runs answered with the loop's own summary because the model gave no text")
                .register(registry);

        ratio(
                registry,
                "lucy.tool.loop.ratio",
                "Share of agent runs in which a repeated tool call was stopped, since start",
                LucyMetrics::toolLoopRate);
        ratio(
                registry,
                "lucy.unknown.tool.ratio",
                "Share of tool calls naming a tool that does not exist, since start",
                LucyMetrics::unknownToolRate);
        ratio(
                registry,
                "lucy.no.text.fallback.ratio",
                "Share of agent runs answered with a fallback because the model gave no text, since start",
                LucyMetrics::noTextFallbackRate);
        ratio(
                registry,
                "lucy.tool.execution.error.ratio",
                "Share of executed tool calls that failed in the tool or its provider, since start",
                LucyMetrics::toolExecutionErrorRate);
        Gauge.builder("lucy.tool.p95.latency", this, m -> seconds(m.toolP95Latency()))
                .description("95th percentile of executed tool call durations over the last few minutes")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);

        toolMetrics.ifPresent(tm -> {
            FunctionCounter.builder("lucy.tool.pipeline.calls", tm, ToolMetrics::calls)
                    .description("Calls through the tool pipeline, refusals included")
                    .register(registry);
            for (ToolError error : ToolError.values()) {
                FunctionCounter.builder("lucy.tool.pipeline.failures", tm, m -> m.failures(error))
                        .description("Calls through the tool pipeline that failed, by error")
                        .tag("error", error.wireName())
                        .register(registry);
            }
        });
    }

    /** Binds meters to {@code registry}; tool errors are counted from agent events. */
    public static LucyMetrics create(MeterRegistry registry) {
        return new LucyMetrics(Objects.requireNonNull(registry, "registry"), Optional.empty());
    }

    /**
     * Binds meters to {@code registry}; the execution error rate and the pipeline counters come from the tool
     * pipeline's {@code toolMetrics} ({@code PipelineToolExecutor.metrics()}).
     */
    public static LucyMetrics create(MeterRegistry registry, ToolMetrics toolMetrics) {
        return new LucyMetrics(
                Objects.requireNonNull(registry, "registry"),
                Optional.of(Objects.requireNonNull(toolMetrics, "toolMetrics")));
    }

    /**
     * Binds gauges for the runtime's load to {@code registry}: agent runs waiting for their turn
     * ({@code lucy.queue.depth}) and agent runs in progress, background tasks included ({@code lucy.runs.in_flight}),
     * read from {@code stats} (usually {@code LucyRuntime::stats}) at every scrape.
     */
    public static void bindRuntime(MeterRegistry registry, Supplier<RuntimeStats> stats) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(stats, "stats");
        Gauge.builder("lucy.queue.depth", stats, s -> s.get().queued())
                .description("Agent runs waiting for their turn")
                .strongReference(true)
                .register(registry);
        Gauge.builder("lucy.runs.in_flight", stats, s -> s.get().running())
                .description("Agent runs in progress, background tasks included")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Binds the schedules Lucy paused by itself to {@code registry}: {@code lucy.schedules.paused} by {@code reason}
     * ({@code failures}, {@code creator_left}, {@code lost_access}), read from {@code scheduler} at every scrape.
     */
    public static void bindSchedules(MeterRegistry registry, dev.lucy.tools.Scheduler scheduler) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scheduler, "scheduler");
        for (dev.lucy.tools.Scheduler.PauseReason reason : dev.lucy.tools.Scheduler.PauseReason.values()) {
            FunctionCounter.builder("lucy.schedules.paused", scheduler, s -> s.paused(reason))
                    .description("Schedules Lucy paused by itself, by reason")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    /**
     * Binds the JVM's and the process's own meters (memory, garbage collection, threads, CPU, uptime) to
     * {@code registry}; close the result at shutdown to stop listening for collections.
     */
    public static AutoCloseable bindJvmMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    // --- RuntimeObserver

    @Override
    public void admitted(String workspaceId, Admission admission) {
        Counter counter = switch (admission) {
            case Admission.Accepted a -> accepted;
            case Admission.Queued q -> queued;
            case Admission.Duplicate d -> duplicate;
            case Admission.Stale s -> stale;
            case Admission.RejectedBusy r -> rejectedBusy;
            case Admission.Throttled t -> throttled;
            case Admission.ShuttingDown s -> shuttingDown;
        };
        counter.increment();
    }

    @Override
    public void queueWait(Priority priority, Duration wait) {
        queueWait.get(priority).record(wait);
    }

    @Override
    public void runFinished(Priority priority, Duration took, boolean failed) {
        (failed ? runsFailed : runsOk).get(priority).record(took);
    }

    // --- AgentObserver

    @Override
    public void on(AgentEvent event) {
        switch (event) {
            case AgentEvent.TurnStarted t -> modelCalls.increment();
            case AgentEvent.ModelFallback f -> modelFallbacks.increment();
            case AgentEvent.ModelWaiting w -> {}
            case AgentEvent.StreamRestarted r -> {}
            case AgentEvent.ToolCallStarted s -> {}
            case AgentEvent.ToolCallFinished f -> toolCallFinished(f.record());
            case AgentEvent.LoopDetected l -> loops.get(l.action()).increment();
            case AgentEvent.ContextTrimmed c -> contextTrims.increment();
            case AgentEvent.TextDelta d -> {}
            case AgentEvent.Finished f -> finished(f.result());
        }
    }

    private void toolCallFinished(ToolCallRecord record) {
        toolCalls.get(record.disposition()).increment();
        toolCallsAsked.increment();
        switch (record.disposition()) {
            case UNKNOWN_TOOL -> unknownToolCalls.increment();
            case EXECUTED -> {
                executedCalls.increment();
                toolDuration.record(record.duration());
                if (record.result() instanceof ToolResult.Failure failure) {
                    toolFailures.get(failure.error()).increment();
                    if (failure.error().countsAgainstHealth()) {
                        executionErrors.increment();
                    }
                }
            }
            default -> {}
        }
    }

    private void finished(AgentResult result) {
        agentRuns.increment();
        Usage usage = result.usage();
        promptTokens.increment(usage.promptTokens());
        completionTokens.increment(usage.completionTokens());
        switch (result.outcome()) {
            case Outcome.Answered a -> answered.increment();
            case Outcome.Partial p -> partial.increment();
            case Outcome.Cancelled c -> cancelled.increment();
            case Outcome.TimedOut t -> timedOut.increment();
            case Outcome.Failed f -> failed.increment();
        }
        if (result.stats().loopsDetected() > 0) {
            runsWithLoop.increment();
            loopingRuns.increment();
        }
        if (result.stats().fallbackSummary()) {
            runsWithFallback.increment();
            fallbackRuns.increment();
        }
    }

    // --- the seed's SLO figures (as ratios since start; the histograms and counters serve windows)

    /** Agent runs in which a repeated tool call was stopped, per agent run. */
    public double toolLoopRate() {
        return ratio(runsWithLoop.sum(), agentRuns.sum());
    }

    /** Tool calls naming no offered tool, per tool call asked for. */
    public double unknownToolRate() {
        return ratio(unknownToolCalls.sum(), toolCallsAsked.sum());
    }

    /** Agent runs whose answer is the loop's own summary because the model gave no text, per agent run. */
    public double noTextFallbackRate() {
        return ratio(runsWithFallback.sum(), agentRuns.sum());
    }

    /**
     * Executed tool calls that failed in the tool or its provider (time-out, passing or fatal failure, provider
     * unavailable), per executed call; refusals such as a missing connection or approval do not count. From the
     * tool pipeline's {@link ToolMetrics} when given.
     */
    public double toolExecutionErrorRate() {
        return toolMetrics
                .map(ToolMetrics::executionErrorRate)
                .orElseGet(() -> ratio(executionErrors.sum(), executedCalls.sum()));
    }

    /**
     * The 95th percentile duration of executed tool calls over the last few minutes (Micrometer's decaying window); zero
     * before any. For one figure across replicas, take the quantile of {@code lucy_tool_duration_seconds_bucket}.
     */
    public Duration toolP95Latency() {
        for (ValueAtPercentile v : toolDuration.takeSnapshot().percentileValues()) {
            if (v.percentile() == P95) {
                return Duration.ofNanos((long) v.value(TimeUnit.NANOSECONDS));
            }
        }
        return Duration.ZERO;
    }

    // --- model requests and the resilience layer's events

    /**
     * {@code model} measured: every request through it counts in {@code lucy_model_requests_total} by model and
     * outcome ({@code ok} or the failure, such as {@code rate_limited}) and in the histogram
     * {@code lucy_model_request_duration_seconds}. Wrap the endpoint itself, below retries and fallbacks (the engine's
     * {@code modelWrapper}), so that each attempt is one request.
     */
    public ChatModel measured(ChatModel model) {
        return new ObservedChatModel(model, request -> {
            String name = request.model().orElse(DEFAULT_MODEL);
            return Optional.of(new ObservedChatModel.Ending() {
                @Override
                public void answered(ChatResponse response, Duration took) {
                    modelRequest(name, OK, took);
                }

                @Override
                public void failed(RuntimeException failure, Duration took) {
                    // Not a ModelException: not a failure the model client reported, but a bug or broken
                    // infrastructure.
                    modelRequest(
                            name, failure instanceof ModelException e ? failureName(e.failure()) : UNEXPECTED, took);
                }
            });
        });
    }

    void modelRequest(String model, String outcome, Duration took) {
        ModelMeters meters = model(model);
        meters.duration.record(took);
        meters.requests(outcome).increment();
    }

    @Override
    public void onEvent(ModelEvent event) {
        switch (event) {
            case ModelEvent.Retrying r -> model(r.model()).retries.increment();
            case ModelEvent.CircuitStateChanged c -> {
                ModelMeters meters = model(c.model());
                meters.circuitOpen.set(c.to() == CircuitState.OPEN ? 1 : 0);
                meters.circuitChanges(c.to()).increment();
            }
            case ModelEvent.FallingBack f -> {}
            case ModelEvent.BudgetWaited w -> {}
            case ModelEvent.StreamRestarted s -> {}
        }
    }

    private ModelMeters model(String model) {
        return models.computeIfAbsent(model, m -> new ModelMeters(registry, m));
    }

    /** The meters of one model, registered when Lucy first asks it anything. */
    private static final class ModelMeters {
        private final MeterRegistry registry;
        private final String model;
        private final Timer duration;
        private final Counter retries;
        private final AtomicInteger circuitOpen = new AtomicInteger();
        private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
        private final Map<CircuitState, Counter> circuitChanges = new EnumMap<>(CircuitState.class);

        ModelMeters(MeterRegistry registry, String model) {
            this.registry = registry;
            this.model = model;
            duration = Timer.builder("lucy.model.request.duration")
                    .description("How long requests to a model took, each attempt counted on its own")
                    .tag("model", model)
                    .serviceLevelObjectives(MODEL_BUCKETS)
                    .register(registry);
            requests(OK);
            retries = Counter.builder("lucy.model.retries")
                    .description("Requests to a model tried again after a passing failure")
                    .tag("model", model)
                    .register(registry);
            Gauge.builder("lucy.model.circuit.open", circuitOpen, AtomicInteger::get)
                    .description("1 while the model's circuit breaker is open (Lucy asks another model), 0 otherwise")
                    .tag("model", model)
                    .strongReference(true)
                    .register(registry);
            for (CircuitState state : CircuitState.values()) {
                circuitChanges.put(
                        state,
                        Counter.builder("lucy.model.circuit.changes")
                                .description("Changes of the model's circuit breaker, by the state it changed to")
                                .tag("model", model)
                                .tag("state", lower(state))
                                .register(registry));
            }
        }

        Counter requests(String outcome) {
            return requests.computeIfAbsent(
                    outcome,
                    o -> Counter.builder("lucy.model.requests")
                            .description("Requests to a model, each attempt counted on its own, by outcome")
                            .tag("model", model)
                            .tag("outcome", o)
                            .register(registry));
        }

        Counter circuitChanges(CircuitState state) {
            return circuitChanges.get(state);
        }
    }

    static String failureName(ModelFailure failure) {
        return switch (failure) {
            case ModelFailure.RateLimited r -> "rate_limited";
            case ModelFailure.Overloaded o -> "overloaded";
            case ModelFailure.TimedOut t -> "timed_out";
            case ModelFailure.FirstTokenTimedOut f -> "first_token_timed_out";
            case ModelFailure.ConnectionFailed c -> "connection_failed";
            case ModelFailure.StreamBroken s -> "stream_broken";
            case ModelFailure.ContextTooLong c -> "context_too_long";
            case ModelFailure.AuthFailed a -> "auth_failed";
            case ModelFailure.BadRequest b -> "bad_request";
            case ModelFailure.ContentFiltered c -> "content_filtered";
            case ModelFailure.CircuitOpen c -> "circuit_open";
            case ModelFailure.Cancelled c -> "cancelled";
            case ModelFailure.MalformedResponse m -> "malformed_response";
        };
    }

    // --- Slack's Web API

    @Override
    public void webApiCall(String method, SlackCallObserver.Result outcome, Duration took) {
        SlackMeters meters = slackMethods.computeIfAbsent(method, m -> new SlackMeters(registry, m));
        meters.duration.record(took);
        meters.requests.get(outcome).increment();
    }

    @Override
    public void leftOut(String method, String priority) {
        Counter.builder("lucy.slack.calls.left.out")
                .description("Calls to Slack's Web API left out because its limit was short and they were not answers")
                .tag("method", method)
                .tag("priority", priority)
                .register(registry)
                .increment();
    }

    /** The meters of one Web API method, registered at its first call. */
    private static final class SlackMeters {
        private final Timer duration;
        private final Map<SlackCallObserver.Result, Counter> requests = new EnumMap<>(SlackCallObserver.Result.class);

        SlackMeters(MeterRegistry registry, String method) {
            duration = Timer.builder("lucy.slack.request.duration")
                    .description("How long requests to Slack's Web API took until the answer began, retries apart")
                    .tag("method", method)
                    .serviceLevelObjectives(SLACK_BUCKETS)
                    .register(registry);
            for (SlackCallObserver.Result outcome : SlackCallObserver.Result.values()) {
                requests.put(
                        outcome,
                        Counter.builder("lucy.slack.requests")
                                .description("Requests to Slack's Web API, retries apart, by method and outcome")
                                .tag("method", method)
                                .tag("outcome", lower(outcome))
                                .register(registry));
            }
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration[] seconds(double... bounds) {
        Duration[] durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return durations;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Counter admission(MeterRegistry registry, String outcome) {
        return Counter.builder("lucy.admissions")
                .description("Inbound events by what the runtime decided")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static Timer run(MeterRegistry registry, String priority, String result) {
        return Timer.builder("lucy.runs")
                .description("Agent runs by priority and whether the handler failed, with their duration")
                .tag("priority", priority)
                .tag("result", result)
                .serviceLevelObjectives(RUN_BUCKETS)
                .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, String kind) {
        return Counter.builder("lucy.model.tokens")
                .description("Tokens used by model calls")
                .tag("kind", kind)
                .register(registry);
    }

    /** A share since start, read from this object for as long as the registry lives. */
    private void ratio(MeterRegistry registry, String name, String description, ToDoubleFunction<LucyMetrics> share) {
        Gauge.builder(name, this, share)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("lucy.agent.runs")
                .description("Agent runs by how they ended")
                .tag("outcome", outcome)
                .register(registry);
    }
}

package dev.lucy.app.ops;

import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Binds Lucy's runtime and agent events to Micrometer meters, including the seed's SLO gauges
 * ({@code tool_loop_rate}, {@code unknown_tool_rate}, {@code no_text_fallback_rate},
 * {@code tool_execution_error_rate}, {@code tool_p95_latency_ms}). Pass it to {@code LucyRuntime.Builder.observer}
 * and to every agent run as its {@link AgentObserver} (one instance serves all runs).
 *
 * <p>Thread safe and cheap: every meter is created up front, events only increment. When the tool pipeline's
 * {@link ToolMetrics} is given, the execution error rate and the pipeline's own counters come from it, rather than
 * being counted twice. The rates are ratios since the process started; for windows, use the counters with
 * Prometheus' {@code rate()}. See docs/operations.md for every meter.
 */
public final class LucyMetrics implements RuntimeObserver, AgentObserver {
    private static final double P95 = 0.95;

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

    private LucyMetrics(MeterRegistry registry, Optional<ToolMetrics> toolMetrics) {
        this.toolMetrics = toolMetrics;
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
                .publishPercentiles(P95)
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

        Gauge.builder("tool_loop_rate", this, LucyMetrics::toolLoopRate)
                .description("Share of agent runs in which a repeated tool call was stopped")
                .strongReference(true)
                .register(registry);
        Gauge.builder("unknown_tool_rate", this, LucyMetrics::unknownToolRate)
                .description("Share of tool calls naming a tool that does not exist")
                .strongReference(true)
                .register(registry);
        Gauge.builder("no_text_fallback_rate", this, LucyMetrics::noTextFallbackRate)
                .description("Share of agent runs answered with a fallback because the model gave no text")
                .strongReference(true)
                .register(registry);
        Gauge.builder("tool_execution_error_rate", this, LucyMetrics::toolExecutionErrorRate)
                .description("Share of executed tool calls that failed in the tool or its provider")
                .strongReference(true)
                .register(registry);
        Gauge.builder("tool_p95_latency_ms", this, LucyMetrics::toolP95LatencyMillis)
                .description("95th percentile of executed tool call latency over the last minutes, in ms")
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

    // --- the seed's SLO figures

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

    /** The 95th percentile latency of executed tool calls over the recent window, in milliseconds; 0 before any. */
    public double toolP95LatencyMillis() {
        for (ValueAtPercentile v : toolDuration.takeSnapshot().percentileValues()) {
            if (v.percentile() == P95) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
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
                .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, String kind) {
        return Counter.builder("lucy.model.tokens")
                .description("Tokens used by model calls")
                .tag("kind", kind)
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("lucy.agent.runs")
                .description("Agent runs by how they ended")
                .tag("outcome", outcome)
                .register(registry);
    }
}

package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RuntimeStats;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.ToolMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Feeds Lucy's events in and reads them back the way Prometheus does: a real scrape over HTTP. */
class LucyMetricsTest {
    private static final AgentResult.Stats CLEAN = new AgentResult.Stats(0, 0, 0, 0, 0, 0, 0, false);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpsServer server =
            OpsServer.builder().metrics(registry).build().start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publishes_the_seed_metrics_by_their_names() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry);
        // 4 runs: one looped, one ended with the loop's own fallback text
        metrics.on(finished(new Outcome.Answered(), new AgentResult.Stats(0, 0, 1, 0, 0, 0, 0, false)));
        metrics.on(finished(new Outcome.Partial("no answer"), new AgentResult.Stats(0, 0, 0, 0, 0, 1, 0, true)));
        metrics.on(finished(new Outcome.Answered(), CLEAN));
        metrics.on(finished(new Outcome.Answered(), CLEAN));
        // 10 tool calls asked: 1 unknown, 9 executed of which 2 failed in the tool, 1 was refused (no connection)
        metrics.on(call(Disposition.UNKNOWN_TOOL, new ToolResult.Failure(ToolError.UNKNOWN_TOOL, "no such tool"), 0));
        metrics.on(call(Disposition.EXECUTED, new ToolResult.Failure(ToolError.TIMED_OUT, "slow"), 900));
        metrics.on(call(Disposition.EXECUTED, new ToolResult.Failure(ToolError.FATAL, "broken"), 100));
        metrics.on(
                call(Disposition.EXECUTED, new ToolResult.Failure(ToolError.CONNECTION_REQUIRED, "connect first"), 5));
        for (int i = 1; i <= 6; i++) {
            metrics.on(call(Disposition.EXECUTED, new ToolResult.Success("ok", false, false), i * 10));
        }

        Map<String, Double> scrape = scrape();

        assertThat(scrape).containsEntry("tool_loop_rate", 0.25);
        assertThat(scrape).containsEntry("no_text_fallback_rate", 0.25);
        assertThat(scrape).containsEntry("unknown_tool_rate", 0.1);
        assertThat(scrape.get("tool_execution_error_rate")).isCloseTo(2.0 / 9, within(1e-9));
        assertThat(scrape.get("tool_p95_latency_ms")).isCloseTo(900.0, within(90.0));
        assertThat(scrape).containsEntry("lucy_tool_calls_total{disposition=\"executed\"}", 9.0);
        assertThat(scrape).containsEntry("lucy_tool_failures_total{error=\"timed_out\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_agent_runs_total{outcome=\"answered\"}", 3.0);
        assertThat(scrape).containsEntry("lucy_agent_runs_total{outcome=\"partial\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_agent_no_text_fallbacks_total", 1.0);
        assertThat(scrape).containsEntry("lucy_model_tokens_total{kind=\"prompt\"}", 400.0);
        assertThat(scrape).containsEntry("lucy_model_tokens_total{kind=\"completion\"}", 80.0);
    }

    @Test
    void the_rates_are_zero_before_anything_happened() throws Exception {
        LucyMetrics.create(registry);

        Map<String, Double> scrape = scrape();

        for (String name : List.of(
                "tool_loop_rate",
                "unknown_tool_rate",
                "no_text_fallback_rate",
                "tool_execution_error_rate",
                "tool_p95_latency_ms")) {
            assertThat(scrape).containsEntry(name, 0.0);
        }
    }

    @Test
    void the_runtime_gauges_read_the_queue_depth_and_runs_in_flight_at_each_scrape() throws Exception {
        AtomicReference<RuntimeStats> stats = new AtomicReference<>(new RuntimeStats(0, 0, true));
        LucyMetrics.bindRuntime(registry, stats::get);

        assertThat(scrape()).containsEntry("lucy_queue_depth", 0.0).containsEntry("lucy_runs_in_flight", 0.0);

        stats.set(new RuntimeStats(7, 64, true));

        assertThat(scrape()).containsEntry("lucy_queue_depth", 7.0).containsEntry("lucy_runs_in_flight", 64.0);
    }

    @Test
    void counts_admissions_queue_waits_runs_and_model_calls() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry);
        TriageDecision run = new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "eyes", false);
        metrics.admitted("T1", new Admission.Accepted(run));
        metrics.admitted("T1", new Admission.Queued(run, 3));
        metrics.admitted("T1", new Admission.Duplicate("ev-1"));
        metrics.admitted("T2", new Admission.Throttled(Duration.ofSeconds(30)));
        metrics.admitted("T2", new Admission.RejectedBusy(2000));
        metrics.queueWait(Priority.INTERACTIVE, Duration.ofMillis(250));
        metrics.queueWait(Priority.INTERACTIVE, Duration.ofMillis(750));
        metrics.runFinished(Priority.INTERACTIVE, Duration.ofSeconds(4), false);
        metrics.runFinished(Priority.BACKGROUND, Duration.ofSeconds(60), true);
        metrics.on(new AgentEvent.TurnStarted(1));
        metrics.on(new AgentEvent.TurnStarted(2));
        metrics.on(new AgentEvent.ModelFallback(2, "openai/gpt-5-mini", "openai/gpt-4o-mini"));
        metrics.on(new AgentEvent.LoopDetected(2, "search", 3, AgentEvent.LoopAction.WARNED));

        Map<String, Double> scrape = scrape();

        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"accepted\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"queued\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"duplicate\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"throttled\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"rejected_busy\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"stale\"}", 0.0);
        assertThat(scrape).containsEntry("lucy_queue_wait_seconds_count{priority=\"interactive\"}", 2.0);
        assertThat(scrape).containsEntry("lucy_queue_wait_seconds_sum{priority=\"interactive\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_runs_seconds_count{priority=\"interactive\",result=\"ok\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_runs_seconds_sum{priority=\"background\",result=\"failed\"}", 60.0);
        assertThat(scrape).containsEntry("lucy_model_calls_total", 2.0);
        assertThat(scrape).containsEntry("lucy_model_fallbacks_total", 1.0);
        assertThat(scrape).containsEntry("lucy_agent_loops_total{action=\"warned\"}", 1.0);
    }

    @Test
    void the_execution_error_rate_comes_from_the_tool_pipeline_when_it_is_given() throws Exception {
        ToolMetrics pipeline = new ToolMetrics();
        LucyMetrics metrics = LucyMetrics.create(registry, pipeline);
        metrics.on(call(Disposition.EXECUTED, new ToolResult.Failure(ToolError.FATAL, "broken"), 10));

        Map<String, Double> scrape = scrape();

        // the pipeline saw no call, so its rate (not a second count of the agent's events) is published
        assertThat(scrape).containsEntry("tool_execution_error_rate", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_pipeline_calls_total", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_pipeline_failures_total{error=\"fatal\"}", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_failures_total{error=\"fatal\"}", 1.0);
    }

    @Test
    void events_from_many_threads_at_once_are_all_counted() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry);
        int threads = 16;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        metrics.on(new AgentEvent.TurnStarted(1));
                        metrics.on(call(Disposition.EXECUTED, new ToolResult.Success("ok", false, false), 1));
                        metrics.admitted("T1", new Admission.Duplicate("e"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        Map<String, Double> scrape = scrape();

        double total = threads * perThread;
        assertThat(scrape).containsEntry("lucy_model_calls_total", total);
        assertThat(scrape).containsEntry("lucy_tool_calls_total{disposition=\"executed\"}", total);
        assertThat(scrape).containsEntry("lucy_admissions_total{outcome=\"duplicate\"}", total);
    }

    private Map<String, Double> scrape() throws Exception {
        return Http.samples(Http.get(server, "/metrics").body());
    }

    private static AgentEvent finished(Outcome outcome, AgentResult.Stats stats) {
        return new AgentEvent.Finished(
                new AgentResult("answer", outcome, List.of(), new Usage(100, 20), 1, List.of(), stats));
    }

    private static AgentEvent call(Disposition disposition, ToolResult result, long millis) {
        return new AgentEvent.ToolCallFinished(new ToolCallRecord(
                1, new ToolCall("call-1", "search", "{}"), disposition, result, Duration.ofMillis(millis)));
    }
}

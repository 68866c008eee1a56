package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lucy.app.slack.SlackCallObserver;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.agent.ToolCallRecord.Disposition;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.CircuitState;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
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
import java.util.Optional;
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

        assertThat(scrape).containsEntry("lucy_tool_loop_ratio", 0.25);
        assertThat(scrape).containsEntry("lucy_no_text_fallback_ratio", 0.25);
        assertThat(scrape).containsEntry("lucy_unknown_tool_ratio", 0.1);
        assertThat(scrape.get("lucy_tool_execution_error_ratio")).isCloseTo(2.0 / 9, within(1e-9));
        assertThat(scrape.get("lucy_tool_p95_latency_seconds")).isCloseTo(0.9, within(0.09));
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
                "lucy_tool_loop_ratio",
                "lucy_unknown_tool_ratio",
                "lucy_no_text_fallback_ratio",
                "lucy_tool_execution_error_ratio",
                "lucy_tool_p95_latency_seconds")) {
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
        assertThat(scrape).containsEntry("lucy_tool_execution_error_ratio", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_pipeline_calls_total", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_pipeline_failures_total{error=\"fatal\"}", 0.0);
        assertThat(scrape).containsEntry("lucy_tool_failures_total{error=\"fatal\"}", 1.0);
    }

    @Test
    void durations_are_histograms_whose_buckets_add_up_across_replicas() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry);
        metrics.queueWait(Priority.INTERACTIVE, Duration.ofMillis(30));
        metrics.runFinished(Priority.INTERACTIVE, Duration.ofSeconds(3), false);
        metrics.on(call(Disposition.EXECUTED, new ToolResult.Success("ok", false, false), 7_000));
        metrics.on(call(Disposition.EXECUTED, new ToolResult.Success("ok", false, false), 9_000));

        String text = Http.get(server, "/metrics").body();
        Map<String, Double> scrape = Http.samples(text);

        // the tool SLO's bound is a bucket of its own, so p95 <= 8 s is read exactly from any number of replicas
        assertThat(scrape).containsEntry("lucy_tool_duration_seconds_bucket{le=\"8.0\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_tool_duration_seconds_bucket{le=\"+Inf\"}", 2.0);
        assertThat(scrape).containsEntry("lucy_queue_wait_seconds_bucket{priority=\"interactive\",le=\"0.05\"}", 1.0);
        assertThat(scrape)
                .containsEntry("lucy_runs_seconds_bucket{priority=\"interactive\",result=\"ok\",le=\"4.0\"}", 1.0);
        assertThat(text)
                .contains("# TYPE lucy_tool_duration_seconds histogram")
                .contains("# TYPE lucy_queue_wait_seconds histogram")
                .contains("# TYPE lucy_runs_seconds histogram")
                .doesNotContainPattern("# TYPE \\S+ summary");
    }

    @Test
    void publishes_the_build_it_runs_as_lucy_build_info() throws Exception {
        LucyMetrics.create(registry);
        BuildInfo build = BuildInfo.current();

        Map<String, Double> scrape = scrape();

        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(build.javaVersion()).isEqualTo(Runtime.version().toString());
        assertThat(scrape)
                .containsEntry(
                        "lucy_build_info{commit=\"" + build.commit() + "\",java_version=\"" + build.javaVersion()
                                + "\",version=\"" + build.version() + "\"}",
                        1.0);
    }

    @Test
    void counts_and_times_each_request_to_a_model_by_model_and_outcome() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ChatModel endpoint = request -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return new ChatResponse(
                    request.model().orElseThrow(), Message.assistant("hi"), FinishReason.STOP, new Usage(10, 2));
        };
        ChatModel measured = metrics.measured(endpoint);
        ChatRequest toMini = ChatRequest.builder()
                .model("openai/gpt-4o-mini")
                .addMessage(Message.user("hello"))
                .build();

        measured.chat(toMini);
        measured.chat(toMini, text -> {});
        failure.set(new ModelException(
                "openai/gpt-4o-mini", new ModelFailure.RateLimited(Optional.empty()), "model: RateLimited"));
        assertThatThrownBy(() -> measured.chat(toMini)).isInstanceOf(ModelException.class);
        metrics.onEvent(new ModelEvent.Retrying(
                "openai/gpt-4o-mini", 1, new ModelFailure.RateLimited(Optional.empty()), Duration.ofSeconds(1)));
        metrics.onEvent(new ModelEvent.CircuitStateChanged("openai/gpt-4o", CircuitState.CLOSED, CircuitState.OPEN));

        Map<String, Double> scrape = scrape();

        String mini = "model=\"openai/gpt-4o-mini\"";
        assertThat(scrape).containsEntry("lucy_model_requests_total{" + mini + ",outcome=\"ok\"}", 2.0);
        assertThat(scrape).containsEntry("lucy_model_requests_total{" + mini + ",outcome=\"rate_limited\"}", 1.0);
        assertThat(scrape).containsEntry("lucy_model_request_duration_seconds_count{" + mini + "}", 3.0);
        assertThat(scrape).containsKey("lucy_model_request_duration_seconds_bucket{" + mini + ",le=\"0.1\"}");
        assertThat(scrape).containsEntry("lucy_model_retries_total{" + mini + "}", 1.0);
        assertThat(scrape).containsEntry("lucy_model_circuit_open{" + mini + "}", 0.0);
        assertThat(scrape).containsEntry("lucy_model_circuit_open{model=\"openai/gpt-4o\"}", 1.0);
        assertThat(scrape)
                .containsEntry("lucy_model_circuit_changes_total{model=\"openai/gpt-4o\",state=\"open\"}", 1.0);
    }

    @Test
    void every_meter_of_lucy_is_named_lucy_something_in_base_units() throws Exception {
        LucyMetrics metrics = LucyMetrics.create(registry, new ToolMetrics());
        LucyMetrics.bindRuntime(registry, () -> new RuntimeStats(0, 0, true));
        AutoCloseable jvm = LucyMetrics.bindJvmMetrics(registry);
        metrics.measured(request -> new ChatResponse("m", Message.assistant("hi"), FinishReason.STOP, new Usage(1, 1)))
                .chat(ChatRequest.builder()
                        .model("m")
                        .addMessage(Message.user("hi"))
                        .build());
        metrics.webApiCall("chat.postMessage", SlackCallObserver.Result.OK, Duration.ofMillis(40));
        metrics.onEvent(new ModelEvent.CircuitStateChanged("m", CircuitState.CLOSED, CircuitState.HALF_OPEN));

        String text = Http.get(server, "/metrics").body();
        jvm.close();

        List<String[]> types = text.lines()
                .filter(line -> line.startsWith("# TYPE "))
                .map(line -> line.substring("# TYPE ".length()).split(" "))
                .toList();
        assertThat(types).hasSizeGreaterThan(20);
        for (String[] type : types) {
            String name = type[0];
            // the JVM's and the process's meters keep Micrometer's standard names, which dashboards expect
            if (!name.startsWith("jvm_") && !name.startsWith("process_") && !name.startsWith("system_")) {
                assertThat(name).as("meter name").startsWith("lucy_");
                assertThat(type[1]).as("type of " + name).isNotEqualTo("summary");
            }
            assertThat(name).as("meter name").doesNotContainPattern("_(ms|millis|milliseconds|kb|mb)(_|$)");
        }
        assertThat(text)
                .contains("# TYPE lucy_slack_request_duration_seconds histogram")
                .contains("# TYPE lucy_model_request_duration_seconds histogram");
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

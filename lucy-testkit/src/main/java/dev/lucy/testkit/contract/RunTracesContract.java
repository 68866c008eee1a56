package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.DailyUsage;
import dev.lucy.core.spi.ModelUsage;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.core.spi.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunTraces} must do: keep a run's trace with its steps in order, list runs newest first within
 * the workspaces asked for and the filters given, replace a trace saved again, and delete the old ones. Extend it and
 * open a store on a fresh database in {@link #openTraces()}.
 */
public abstract class RunTracesContract {
    protected static final Instant NINE = Instant.parse("2026-03-01T09:00:00Z");

    /** A store on a fresh, empty database. */
    protected abstract RunTraces openTraces();

    /** Releases what the test opened. */
    protected void closeTraces() {}

    @AfterEach
    void closeTheTraces() {
        closeTraces();
    }

    protected static RunTrace trace(
            String runId, String workspace, String user, int minutes, RunTrace.Outcome outcome) {
        Instant start = NINE.plus(Duration.ofMinutes(minutes));
        return new RunTrace(
                runId,
                workspace,
                "C1",
                "C1:1700000000.000100",
                user,
                start,
                start.plusMillis(1_500),
                outcome,
                "interactive, default tier",
                Duration.ofMillis(12),
                1_200,
                80,
                List.of(
                        new RunTrace.Step(start, RunTrace.Kind.MODEL_CALL, "model call 1", "", Duration.ofMillis(400)),
                        new RunTrace.Step(
                                start.plusMillis(400),
                                RunTrace.Kind.TOOL_CALL,
                                "tool: search_docs",
                                "arguments: {\"q\":\"deploy\"}\nresult: 3 pages",
                                Duration.ofMillis(90)),
                        new RunTrace.Step(
                                start.plusMillis(1_400),
                                RunTrace.Kind.MESSAGE_POSTED,
                                "answer posted",
                                "Deploys go out on Tuesdays.",
                                Duration.ZERO)),
                List.of());
    }

    @Test
    void a_saved_trace_comes_back_whole_with_its_steps_in_order() {
        RunTraces traces = openTraces();
        RunTrace saved = trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED);
        traces.save(saved);

        assertThat(traces.get("r1")).contains(saved);
        assertThat(traces.get("r2")).isEmpty();
    }

    @Test
    void runs_are_listed_newest_first_without_steps_and_only_in_the_workspaces_asked_for() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r2", "T1", "U2", 5, RunTrace.Outcome.FAILED));
        traces.save(trace("r3", "T2", "U1", 10, RunTrace.Outcome.ANSWERED));

        List<RunTrace> t1 = traces.find(TraceQuery.in(Set.of("T1")));
        assertThat(t1).extracting(RunTrace::runId).containsExactly("r2", "r1");
        assertThat(t1).allSatisfy(run -> assertThat(run.steps()).isEmpty());
        assertThat(t1.get(0))
                .isEqualTo(trace("r2", "T1", "U2", 5, RunTrace.Outcome.FAILED).summary());
        assertThat(traces.find(TraceQuery.in(Set.of())))
                .as("no workspace, nothing")
                .isEmpty();
        assertThat(traces.find(TraceQuery.in(Set.of("T1", "T2"))))
                .extracting(RunTrace::runId)
                .containsExactly("r3", "r2", "r1");
    }

    @Test
    void runs_are_filtered_by_person_channel_outcome_and_time() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r2", "T1", "U2", 5, RunTrace.Outcome.FAILED));
        traces.save(trace("r3", "T1", "U1", 10, RunTrace.Outcome.TIMED_OUT));
        TraceQuery t1 = TraceQuery.in(Set.of("T1"));

        assertThat(traces.find(t1.withUser("U1"))).extracting(RunTrace::runId).containsExactly("r3", "r1");
        assertThat(traces.find(t1.withOutcome(RunTrace.Outcome.FAILED)))
                .extracting(RunTrace::runId)
                .containsExactly("r2");
        assertThat(traces.find(t1.withChannel("C2"))).isEmpty();
        assertThat(traces.find(t1.withChannel("C1"))).hasSize(3);
        assertThat(traces.find(
                        t1.withSince(NINE.plus(Duration.ofMinutes(5))).withUntil(NINE.plus(Duration.ofMinutes(10)))))
                .extracting(RunTrace::runId)
                .containsExactly("r2");
        assertThat(traces.find(t1.withLimit(2))).extracting(RunTrace::runId).containsExactly("r3", "r2");
    }

    @Test
    void a_trace_saved_again_replaces_the_first() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.FAILED));
        RunTrace again = trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED);
        traces.save(again);

        assertThat(traces.get("r1")).contains(again);
        assertThat(traces.find(TraceQuery.in(Set.of("T1")))).hasSize(1);
    }

    @Test
    void traces_saved_together_come_back_as_each_saved_alone_and_replace_earlier_ones() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.FAILED));
        RunTrace first = trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED);
        RunTrace second = trace("r2", "T1", "U2", 1, RunTrace.Outcome.ANSWERED);
        RunTrace third = trace("r3", "T2", "U3", 2, RunTrace.Outcome.FAILED);
        traces.saveAll(List.of(first, second, third));

        assertThat(traces.get("r1")).contains(first);
        assertThat(traces.get("r2")).contains(second);
        assertThat(traces.get("r3")).contains(third);
        assertThat(traces.find(TraceQuery.in(Set.of("T1", "T2")))).hasSize(3);
    }

    @Test
    void runs_and_tokens_are_added_up_per_day_and_workspace_newest_day_first() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r2", "T1", "U2", 60, RunTrace.Outcome.FAILED));
        traces.save(trace("r3", "T2", "U1", 60, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r4", "T1", "U1", 24 * 60, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r5", "T3", "U1", 24 * 60, RunTrace.Outcome.ANSWERED));

        assertThat(traces.usage(Set.of("T1", "T2"), NINE))
                .containsExactly(
                        new DailyUsage(LocalDate.parse("2026-03-02"), "T1", 1, 1_200, 80),
                        new DailyUsage(LocalDate.parse("2026-03-01"), "T1", 2, 2_400, 160),
                        new DailyUsage(LocalDate.parse("2026-03-01"), "T2", 1, 1_200, 80));
        assertThat(traces.usage(Set.of("T1"), NINE.plus(Duration.ofMinutes(30))))
                .extracting(DailyUsage::runs)
                .containsExactly(1L, 1L);
        assertThat(traces.usage(Set.of(), NINE)).isEmpty();
    }

    /** {@code trace(...)} with the tokens it used of each model. */
    protected static RunTrace withModels(RunTrace trace, RunTrace.ModelUse... models) {
        return new RunTrace(
                trace.runId(),
                trace.workspaceId(),
                trace.channelId(),
                trace.conversationId(),
                trace.userId(),
                trace.startedAt(),
                trace.endedAt(),
                trace.outcome(),
                trace.triage(),
                trace.queueWait(),
                trace.promptTokens(),
                trace.completionTokens(),
                trace.steps(),
                List.of(models));
    }

    @Test
    void a_trace_keeps_the_tokens_of_each_model_and_its_summary_leaves_them_out() {
        RunTraces traces = openTraces();
        RunTrace saved = withModels(
                trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED),
                new RunTrace.ModelUse("model-a", 2, 1_000, 50),
                new RunTrace.ModelUse("model-b", 1, 200, 30));
        traces.save(saved);
        traces.save(saved);

        assertThat(traces.get("r1")).contains(saved);
        assertThat(traces.find(TraceQuery.in(Set.of("T1"))))
                .singleElement()
                .satisfies(run -> assertThat(run.models()).isEmpty());
    }

    @Test
    void tokens_are_added_up_per_day_workspace_and_model() {
        RunTraces traces = openTraces();
        RunTrace.ModelUse a = new RunTrace.ModelUse("model-a", 2, 1_000, 50);
        RunTrace.ModelUse b = new RunTrace.ModelUse("model-b", 1, 200, 30);
        traces.save(withModels(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED), a, b));
        traces.save(withModels(trace("r2", "T1", "U2", 60, RunTrace.Outcome.ANSWERED), a));
        traces.save(withModels(trace("r3", "T2", "U1", 60, RunTrace.Outcome.ANSWERED), b));
        traces.save(withModels(trace("r4", "T1", "U1", 24 * 60, RunTrace.Outcome.ANSWERED), b));
        traces.save(withModels(trace("r5", "T3", "U1", 0, RunTrace.Outcome.ANSWERED), a));
        traces.save(trace("r6", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));

        assertThat(traces.modelUsage(Set.of("T1", "T2"), NINE))
                .containsExactly(
                        new ModelUsage(LocalDate.parse("2026-03-02"), "T1", "model-b", 1, 200, 30),
                        new ModelUsage(LocalDate.parse("2026-03-01"), "T1", "model-a", 4, 2_000, 100),
                        new ModelUsage(LocalDate.parse("2026-03-01"), "T1", "model-b", 1, 200, 30),
                        new ModelUsage(LocalDate.parse("2026-03-01"), "T2", "model-b", 1, 200, 30));
        assertThat(traces.modelUsage(Set.of("T1"), NINE.plus(Duration.ofMinutes(30))))
                .extracting(ModelUsage::requests)
                .containsExactly(1L, 2L);
        assertThat(traces.modelUsage(Set.of(), NINE)).isEmpty();

        traces.deleteBefore(NINE.plus(Duration.ofDays(1)));
        assertThat(traces.modelUsage(Set.of("T1", "T2", "T3"), NINE))
                .as("deleted with their runs")
                .containsExactly(new ModelUsage(LocalDate.parse("2026-03-02"), "T1", "model-b", 1, 200, 30));
    }

    @Test
    void traces_of_runs_started_before_the_cutoff_are_deleted_with_their_steps() {
        RunTraces traces = openTraces();
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));
        traces.save(trace("r2", "T1", "U1", 60, RunTrace.Outcome.ANSWERED));

        assertThat(traces.deleteBefore(NINE.plus(Duration.ofMinutes(30)))).isEqualTo(1);
        assertThat(traces.get("r1")).isEmpty();
        assertThat(traces.get("r2")).isPresent();
        assertThat(traces.find(TraceQuery.in(Set.of("T1"))))
                .extracting(RunTrace::runId)
                .containsExactly("r2");
        traces.save(trace("r1", "T1", "U1", 0, RunTrace.Outcome.ANSWERED));
        assertThat(traces.get("r1").orElseThrow().steps())
                .as("no old steps left behind")
                .hasSize(3);
    }
}

package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.Secret;
import dev.lucy.app.ops.Redactor;
import dev.lucy.core.Caller;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.core.spi.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The trace recorder never holds a run up, keeps no credential, and writes what it kept. */
class TraceRecorderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final RunRequest REQUEST = RunRequest.of(
            new InboundEvent("Ev1", new Caller("T1", "U1", "C1:1.0"), "1.0", "look up the deploy key", Instant.now()),
            new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "hourglass", false));

    @Test
    void a_full_queue_drops_and_counts_traces_instead_of_holding_runs_up() throws Exception {
        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RunTraces kept = RunTraces.inMemory();
        RunTraces slow = new RunTraces() {
            @Override
            public void save(RunTrace trace) {
                saving.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                kept.save(trace);
            }

            @Override
            public List<RunTrace> find(TraceQuery query) {
                return kept.find(query);
            }

            @Override
            public Optional<RunTrace> get(String runId) {
                return kept.get(runId);
            }

            @Override
            public int deleteBefore(Instant cutoff) {
                return kept.deleteBefore(cutoff);
            }
        };
        try (TraceRecorder recorder =
                TraceRecorder.builder(slow).queueCapacity(1).build().start()) {
            recorder.begin(REQUEST).end();
            assertThat(saving.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            recorder.begin(REQUEST).end(); // waits in the queue
            recorder.begin(REQUEST).end(); // the queue is full: dropped, not waited for

            assertThat(recorder.dropped()).isEqualTo(1);
            assertThat(recorder.queued()).isEqualTo(1);
            release.countDown();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (recorder.written() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(recorder.written()).isEqualTo(2);
            assertThat(kept.find(TraceQuery.in(Set.of("T1")))).hasSize(2);
        }
    }

    @Test
    void tool_arguments_results_and_messages_are_kept_with_credentials_masked() {
        RunTraces traces = RunTraces.inMemory();
        String configured = "a-configured-secret-value";
        try (TraceRecorder recorder = TraceRecorder.builder(traces)
                .redactor(Redactor.of(List.of(Secret.of(configured))))
                .build()) {
            RunTracing.Run run = recorder.begin(REQUEST);
            run.on(new AgentEvent.TurnStarted(1));
            run.on(new AgentEvent.ToolCallFinished(new ToolCallRecord(
                    1,
                    new ToolCall("c1", "read_vault", "{\"token\":\"xoxb-1234567890-abcdefghijkl\"}"),
                    ToolCallRecord.Disposition.EXECUTED,
                    ToolResult.success("the key is " + configured),
                    Duration.ofMillis(30))));
            run.watch(new dev.lucy.core.spi.ConversationPort() {
                        @Override
                        public String post(String conversationId, String text) {
                            return "m1";
                        }

                        @Override
                        public void update(String conversationId, String messageId, String text) {}

                        @Override
                        public void react(String conversationId, String messageId, String emoji) {}
                    })
                    .post("C1:1.0", "Done: " + configured);
            RunTrace trace = ((TracedRun) run).soFar();

            assertThat(trace.steps())
                    .extracting(RunTrace.Step::kind)
                    .containsExactly(RunTrace.Kind.MODEL_CALL, RunTrace.Kind.TOOL_CALL, RunTrace.Kind.MESSAGE_POSTED);
            String all = trace.steps().toString();
            assertThat(all).contains("read_vault", "[redacted]").doesNotContain("abcdefghijkl", configured);
            assertThat(trace.triage()).isEqualTo("interactive, default tier");
        }
    }

    @Test
    void an_approval_asked_granted_by_a_person_on_another_thread_and_one_always_allowed_are_in_the_runs_trace()
            throws Exception {
        try (TraceRecorder recorder =
                TraceRecorder.builder(RunTraces.inMemory()).build()) {
            dev.lucy.tools.spi.ApprovalAudit kept = dev.lucy.tools.spi.ApprovalAudit.inMemory();
            dev.lucy.tools.spi.ApprovalAudit audit = recorder.approvals(kept);
            RunTracing.Run run = recorder.begin(REQUEST);
            Instant asked = Instant.parse("2026-03-01T09:00:00Z");
            dev.lucy.tools.ApprovalRequest delete = new dev.lucy.tools.ApprovalRequest(
                    "a1",
                    REQUEST.event().caller(),
                    "delete_task",
                    "Deletes a task",
                    "{\"id\":7,\"token\":\"xoxb-1234567890-abcdefghijkl\"}",
                    asked,
                    asked.plus(Duration.ofMinutes(10)));
            audit.opened(delete);
            Thread decider = Thread.ofVirtual()
                    .start(() -> audit.record(new dev.lucy.tools.ApprovalRecord(
                            delete, dev.lucy.tools.ApprovalOutcome.APPROVED, "U_ADA", asked.plusSeconds(42))));
            decider.join(WAIT);
            dev.lucy.tools.ApprovalRequest list = new dev.lucy.tools.ApprovalRequest(
                    "a2", REQUEST.event().caller(), "list_tasks", "", "{}", asked, asked.plusSeconds(600));
            audit.record(new dev.lucy.tools.ApprovalRecord(
                    list, dev.lucy.tools.ApprovalOutcome.ALWAYS_ALLOWED, "", asked.plusSeconds(50)));
            RunTrace trace = ((TracedRun) run).soFar();

            assertThat(kept.records())
                    .as("the audit itself is written as before")
                    .hasSize(2);
            assertThat(trace.steps())
                    .extracting(RunTrace.Step::kind, RunTrace.Step::title)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    RunTrace.Kind.APPROVAL, "approval asked for delete_task"),
                            org.assertj.core.groups.Tuple.tuple(
                                    RunTrace.Kind.APPROVAL, "approval granted by U_ADA: delete_task"),
                            org.assertj.core.groups.Tuple.tuple(
                                    RunTrace.Kind.APPROVAL, "approval not needed: list_tasks is always allowed here"));
            assertThat(trace.steps().get(0).took()).isEqualTo(Duration.ofSeconds(42));
            assertThat(trace.steps().get(0).detail()).contains("\"id\":7").doesNotContain("abcdefghijkl");
        }
    }

    @Test
    void a_denied_approval_names_who_denied_it_and_an_approval_of_another_conversation_stays_out() throws Exception {
        try (TraceRecorder recorder =
                TraceRecorder.builder(RunTraces.inMemory()).build()) {
            dev.lucy.tools.spi.ApprovalAudit audit = recorder.approvals(dev.lucy.tools.spi.ApprovalAudit.inMemory());
            RunTracing.Run run = recorder.begin(REQUEST);
            Instant asked = Instant.parse("2026-03-01T09:00:00Z");
            dev.lucy.tools.ApprovalRequest elsewhere = new dev.lucy.tools.ApprovalRequest(
                    "b1", new Caller("T1", "U9", "C2:9.0"), "delete_task", "", "{}", asked, asked.plusSeconds(60));
            Thread.ofVirtual().start(() -> audit.opened(elsewhere)).join(WAIT);
            dev.lucy.tools.ApprovalRequest delete = new dev.lucy.tools.ApprovalRequest(
                    "b2", REQUEST.event().caller(), "delete_task", "", "{}", asked, asked.plusSeconds(60));
            audit.opened(delete);
            audit.record(new dev.lucy.tools.ApprovalRecord(
                    delete, dev.lucy.tools.ApprovalOutcome.CANCELLED, "U_BOB", asked.plusSeconds(5)));

            assertThat(((TracedRun) run).soFar().steps())
                    .extracting(RunTrace.Step::title)
                    .containsExactly("approval asked for delete_task", "approval denied by U_BOB: delete_task");
        }
    }

    @Test
    void the_tokens_of_each_model_a_run_asked_are_added_up_per_model() {
        try (TraceRecorder recorder =
                TraceRecorder.builder(RunTraces.inMemory()).build()) {
            TracedRun run = (TracedRun) recorder.begin(REQUEST);
            run.modelRequest("model-b", "ok", new dev.lucy.core.model.Usage(100, 20), Duration.ofMillis(5));
            run.modelRequest("model-a", "failed", dev.lucy.core.model.Usage.NONE, Duration.ofMillis(5));
            run.modelRequest("model-b", "ok", new dev.lucy.core.model.Usage(300, 40), Duration.ofMillis(5));

            assertThat(run.soFar().models())
                    .containsExactly(
                            new RunTrace.ModelUse("model-a", 1, 0, 0), new RunTrace.ModelUse("model-b", 2, 400, 60));
        }
    }
}

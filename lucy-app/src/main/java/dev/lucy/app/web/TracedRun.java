package dev.lucy.app.web;

import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.model.Usage;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/** The trace of one run as it happens: steps collected in memory, handed to the recorder once at the end. */
final class TracedRun implements RunTracing.Run {
    private final TraceRecorder recorder;
    private final String id;
    private final RunRequest request;
    private final Duration queueWait;
    private final Clock clock;
    private final Thread thread;
    private final Instant startedAt;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<StepBuilder> steps = new ArrayList<>();
    private StepBuilder modelCall;
    // approval request id -> the step that shows it asked
    private final java.util.Map<String, StepBuilder> approvals = new java.util.HashMap<>();
    // model name -> requests, prompt tokens, completion tokens
    private final java.util.Map<String, long[]> models = new java.util.TreeMap<>();
    private Usage usage = Usage.NONE;
    private RunTrace.Outcome outcome = RunTrace.Outcome.FAILED;
    private boolean ended;

    TracedRun(TraceRecorder recorder, String id, RunRequest request, Duration queueWait, Clock clock, Thread thread) {
        this.recorder = recorder;
        this.id = id;
        this.request = request;
        this.queueWait = queueWait;
        this.clock = clock;
        this.thread = thread;
        this.startedAt = clock.instant();
    }

    String id() {
        return id;
    }

    Instant startedAt() {
        return startedAt;
    }

    Thread thread() {
        return thread;
    }

    boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    String workspaceId() {
        return request.event().caller().workspaceId();
    }

    @Override
    public void on(AgentEvent event) {
        try {
            record(event);
        } catch (RuntimeException e) {
            // a trace never breaks a run
        }
    }

    private void record(AgentEvent event) {
        Instant now = clock.instant();
        switch (event) {
            case AgentEvent.TurnStarted t -> {
                lock.lock();
                try {
                    endModelCall(now);
                    modelCall = add(now, RunTrace.Kind.MODEL_CALL, "model call " + t.turn() + " (" + tier() + " tier)");
                } finally {
                    lock.unlock();
                }
            }
            case AgentEvent.ModelWaiting w ->
                step(
                        now,
                        RunTrace.Kind.MODEL_WAIT,
                        "waited " + seconds(w.duration()) + " for " + w.model()
                                + w.failure()
                                        .map(f ->
                                                " to try again (" + f.getClass().getSimpleName() + ")")
                                        .orElse(" (rate budget)"),
                        "");
            case AgentEvent.ModelFallback f ->
                step(now, RunTrace.Kind.FALLBACK, "answer from " + f.actual() + " instead of " + f.expected(), "");
            case AgentEvent.StreamRestarted r ->
                step(now, RunTrace.Kind.NOTE, "the answer's stream broke off and started again", "");
            case AgentEvent.ToolCallStarted s -> endModelCall(now);
            case AgentEvent.ToolCallFinished f -> toolCall(now, f.record());
            case AgentEvent.LoopDetected l ->
                step(
                        now,
                        RunTrace.Kind.LOOP,
                        "repeated call to " + l.toolName() + " (" + l.repeats() + " times): "
                                + l.action().name().toLowerCase(Locale.ROOT),
                        "");
            case AgentEvent.ContextTrimmed c ->
                step(
                        now,
                        RunTrace.Kind.CONTEXT_TRIMMED,
                        "prompt trimmed to fit: " + c.droppedMessages() + " messages left out, " + c.cutToolResults()
                                + " tool results shortened",
                        "about " + c.estimatedTokens() + " of " + c.budgetTokens() + " tokens");
            case AgentEvent.TextDelta d -> {}
            case AgentEvent.Finished f -> {
                lock.lock();
                try {
                    endModelCall(now);
                    usage = f.result().usage();
                    outcome = outcome(f.result().outcome());
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void toolCall(Instant now, ToolCallRecord record) {
        boolean approval =
                record.result() instanceof ToolResult.Failure failure && failure.error() == ToolError.NOT_APPROVED;
        String what = switch (record.result()) {
            case ToolResult.Success s -> "ok";
            case ToolResult.Failure f -> f.error().wireName();
        };
        String disposition = record.disposition() == ToolCallRecord.Disposition.EXECUTED
                ? what
                : record.disposition().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String detail = "arguments: " + recorder.redact(record.call().arguments()) + "\nresult: "
                + recorder.redact(record.result().content());
        lock.lock();
        try {
            StepBuilder step = add(
                    now.minus(record.duration()),
                    approval ? RunTrace.Kind.APPROVAL : RunTrace.Kind.TOOL_CALL,
                    (approval ? "not approved: " : "tool ") + record.call().name() + ": " + disposition);
            step.detail.append(detail);
            step.took = record.duration();
        } finally {
            lock.unlock();
        }
    }

    /** A request to the model made for this run's current model call (from the model wrapper). */
    void modelRequest(String model, String outcome, Usage usage, Duration took) {
        lock.lock();
        try {
            StepBuilder call = modelCall != null
                    ? modelCall
                    : add(clock.instant().minus(took), RunTrace.Kind.MODEL_CALL, "model request");
            if (!call.detail.isEmpty()) {
                call.detail.append('\n');
            }
            long[] use = models.computeIfAbsent(model, m -> new long[3]);
            use[0]++;
            use[1] += usage.promptTokens();
            use[2] += usage.completionTokens();
            call.detail
                    .append(model)
                    .append(": ")
                    .append(outcome)
                    .append(" in ")
                    .append(took.toMillis())
                    .append(" ms, ")
                    .append(usage.promptTokens())
                    .append(" prompt + ")
                    .append(usage.completionTokens())
                    .append(" answer tokens");
        } finally {
            lock.unlock();
        }
    }

    /** Whether this run answers {@code caller}'s conversation. */
    boolean answers(dev.lucy.core.Caller caller) {
        return caller.workspaceId().equals(workspaceId())
                && caller.conversationId().equals(request.event().conversationId());
    }

    /** Whether this run asked for the approval {@code requestId}. */
    boolean asked(String requestId) {
        lock.lock();
        try {
            return approvals.containsKey(requestId);
        } finally {
            lock.unlock();
        }
    }

    /** The run asked a person to approve a call: shown as one step, which its ending completes. */
    void approvalAsked(dev.lucy.tools.ApprovalRequest request) {
        lock.lock();
        try {
            StepBuilder step =
                    add(request.requestedAt(), RunTrace.Kind.APPROVAL, "approval asked for " + request.tool());
            step.detail
                    .append("arguments: ")
                    .append(recorder.redact(request.arguments()))
                    .append("\nexpires ")
                    .append(Views.time(request.expiresAt()));
            approvals.put(request.id(), step);
        } finally {
            lock.unlock();
        }
    }

    /** How an approval the run asked for (or passed without asking) ended. */
    void approvalEnded(dev.lucy.tools.ApprovalRecord record) {
        dev.lucy.tools.ApprovalRequest request = record.request();
        String by = record.decidedBy().isEmpty() ? "" : " by " + record.decidedBy();
        String title = switch (record.outcome()) {
            case APPROVED -> "approval granted" + by + ": " + request.tool();
            case ALWAYS_ALLOWED -> "approval not needed: " + request.tool() + " is always allowed here";
            case CANCELLED -> "approval denied" + by + ": " + request.tool();
            case EXPIRED -> "approval expired: nobody answered for " + request.tool();
            case INTERRUPTED -> "approval interrupted: the run stopped while waiting for " + request.tool();
            case NOT_ASKED -> "approval could not be asked for " + request.tool();
        };
        lock.lock();
        try {
            StepBuilder asked = approvals.get(request.id());
            if (asked != null) {
                asked.took = Duration.between(asked.at, record.decidedAt());
            }
            add(record.decidedAt(), RunTrace.Kind.APPROVAL, title);
        } finally {
            lock.unlock();
        }
    }

    void message(RunTrace.Kind kind, String title, String text) {
        step(clock.instant(), kind, title, recorder.redact(text));
    }

    @Override
    public ConversationPort watch(ConversationPort port) {
        return new TracedPort(port, this);
    }

    @Override
    public void end() {
        RunTrace trace;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            endModelCall(clock.instant());
            trace = build(outcome);
        } finally {
            lock.unlock();
        }
        recorder.ended(this, trace);
    }

    /** The trace so far, for runs in flight. */
    RunTrace soFar() {
        lock.lock();
        try {
            return build(RunTrace.Outcome.ANSWERED);
        } finally {
            lock.unlock();
        }
    }

    private RunTrace build(RunTrace.Outcome outcome) {
        String conversation = request.event().conversationId();
        int colon = conversation.indexOf(':');
        List<RunTrace.Step> built = new ArrayList<>(steps.size());
        for (StepBuilder s : steps) {
            built.add(new RunTrace.Step(s.at, s.kind, s.title, s.detail.toString(), s.took));
        }
        return new RunTrace(
                id,
                workspaceId(),
                colon < 0 ? conversation : conversation.substring(0, colon),
                conversation,
                request.event().caller().userId(),
                startedAt,
                clock.instant(),
                outcome,
                triage(request.decision()),
                queueWait,
                usage.promptTokens(),
                usage.completionTokens(),
                built,
                models.entrySet().stream()
                        .map(e -> new RunTrace.ModelUse(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                        .toList());
    }

    static String triage(TriageDecision.AgentRun decision) {
        return decision.priority().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", "
                + decision.tier().name().toLowerCase(Locale.ROOT) + " tier"
                + (decision.background() ? ", in the background" : "");
    }

    static RunTrace.Outcome outcome(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Answered a -> RunTrace.Outcome.ANSWERED;
            case Outcome.Partial p -> RunTrace.Outcome.PARTIAL;
            case Outcome.Cancelled c -> RunTrace.Outcome.CANCELLED;
            case Outcome.TimedOut t -> RunTrace.Outcome.TIMED_OUT;
            case Outcome.Failed f -> RunTrace.Outcome.FAILED;
        };
    }

    private String tier() {
        return request.decision().tier().name().toLowerCase(Locale.ROOT);
    }

    private void step(Instant at, RunTrace.Kind kind, String title, String detail) {
        lock.lock();
        try {
            add(at, kind, title).detail.append(detail);
        } finally {
            lock.unlock();
        }
    }

    private StepBuilder add(Instant at, RunTrace.Kind kind, String title) {
        StepBuilder step = new StepBuilder(at, kind, title);
        steps.add(step);
        return step;
    }

    private void endModelCall(Instant now) {
        lock.lock();
        try {
            if (modelCall != null) {
                modelCall.took = Duration.between(modelCall.at, now);
                modelCall = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1_000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
    }

    private static final class StepBuilder {
        final Instant at;
        final RunTrace.Kind kind;
        final String title;
        final StringBuilder detail = new StringBuilder();
        Duration took = Duration.ZERO;

        StepBuilder(Instant at, RunTrace.Kind kind, String title) {
            this.at = at;
            this.kind = kind;
            this.title = title;
        }
    }
}

package dev.lucy.core.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One agent run handed to the {@link RunHandler}: the message, what triage decided, and, for a background task,
 * the task and a way to report progress.
 */
public final class RunRequest {
    private final InboundEvent event;
    private final TriageDecision.AgentRun decision;
    private final Optional<Task> task;
    private final Consumer<String> progress;

    RunRequest(InboundEvent event, TriageDecision.AgentRun decision, Optional<Task> task, Consumer<String> progress) {
        this.event = Objects.requireNonNull(event, "event");
        this.decision = Objects.requireNonNull(decision, "decision");
        this.task = Objects.requireNonNull(task, "task");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A request for a run outside any runtime, for handlers' own tests and direct use. */
    public static RunRequest of(InboundEvent event, TriageDecision.AgentRun decision) {
        return new RunRequest(event, decision, Optional.empty(), note -> {});
    }

    public InboundEvent event() {
        return event;
    }

    public TriageDecision.AgentRun decision() {
        return decision;
    }

    /** The background task this run works for, if it is one. */
    public Optional<Task> task() {
        return task;
    }

    /** Records a progress note (for a background task, stored and shown on status queries). */
    public void progress(String note) {
        progress.accept(note);
    }
}

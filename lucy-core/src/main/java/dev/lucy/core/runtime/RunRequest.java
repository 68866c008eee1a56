package dev.lucy.core.runtime;

import dev.lucy.core.spi.ConversationPort;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One agent run handed to the {@link RunHandler}: the message, what triage decided, and, for a background task,
 * the task and a way to report progress.
 *
 * <p>When replicas share conversation leases, a run may lose its conversation's lease (it ran out during a long pause,
 * or another replica took over): a handler writes to the conversation through {@link #fenced(ConversationPort)} and
 * checks {@link #holdsConversation()} before its other writes (memory), so a replica that lost the conversation
 * neither posts nor writes there after another took over. With one process both cost nothing.
 */
public final class RunRequest {
    private final InboundEvent event;
    private final TriageDecision.AgentRun decision;
    private final Optional<Task> task;
    private final Consumer<String> progress;
    private final RunFence fence;
    private final Consumer<String> drafted;

    RunRequest(
            InboundEvent event,
            TriageDecision.AgentRun decision,
            Optional<Task> task,
            Consumer<String> progress,
            RunFence fence,
            Consumer<String> drafted) {
        this.event = Objects.requireNonNull(event, "event");
        this.decision = Objects.requireNonNull(decision, "decision");
        this.task = Objects.requireNonNull(task, "task");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.fence = Objects.requireNonNull(fence, "fence");
        this.drafted = Objects.requireNonNull(drafted, "drafted");
    }

    /** A request for a run outside any runtime, for handlers' own tests and direct use. */
    public static RunRequest of(InboundEvent event, TriageDecision.AgentRun decision) {
        return new RunRequest(event, decision, Optional.empty(), note -> {}, RunFence.ALWAYS, id -> {});
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

    /**
     * Whether this run may still write to its conversation: always true with one process; with shared leases, false
     * once its replica lost the conversation's lease. Cheap (no I/O).
     */
    public boolean holdsConversation() {
        return fence.holds();
    }

    /**
     * {@code port} as this run may use it: {@code port} itself with one process; with shared leases, a view whose
     * every call is refused (logged, not sent, a non-retriable {@link dev.lucy.core.LucyException} thrown) once the
     * run lost its conversation's lease.
     */
    public ConversationPort fenced(ConversationPort port) {
        Objects.requireNonNull(port, "port");
        return fence == RunFence.ALWAYS ? port : new FencedPort(port, fence);
    }

    /**
     * Says that the answer shows, unfinished, in {@code messageId} (a stream, or a progress note to be edited into the
     * answer): if this process stops before answering, the next attempt at the message removes it first, so the
     * person sees one answer. Quick; a failure to record it is logged, never thrown.
     */
    public void drafting(String messageId) {
        drafted.accept(Objects.requireNonNull(messageId, "messageId"));
    }

    /** Records a progress note (for a background task, stored and shown on status queries). */
    public void progress(String note) {
        progress.accept(note);
    }
}

package dev.lucy.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one agent run did, for a person looking back at it: who asked where, what triage decided, how long it waited
 * in the queue, every step it took (model calls, tool calls, approvals, the messages it posted and edited) and how it
 * ended. Tool arguments and results in {@link #steps()} are already redacted by whoever recorded them. Immutable.
 *
 * @param runId unique id of the run
 * @param workspaceId the workspace the run belongs to
 * @param channelId the channel (conversation without its thread)
 * @param conversationId the conversation (thread) the run answered in
 * @param userId who asked
 * @param startedAt when the run started (after its queue wait)
 * @param endedAt when it ended
 * @param outcome how it ended
 * @param triage what triage decided, in words ({@code interactive, default tier})
 * @param queueWait how long the run waited in the queue before it started
 * @param promptTokens tokens of every prompt of the run
 * @param completionTokens tokens of every answer of the run
 * @param steps what happened, in order; empty in the summaries {@link RunTraces#find} returns
 * @param models the tokens of each model the run asked, by model name; empty in summaries
 */
public record RunTrace(
        String runId,
        String workspaceId,
        String channelId,
        String conversationId,
        String userId,
        Instant startedAt,
        Instant endedAt,
        Outcome outcome,
        String triage,
        Duration queueWait,
        long promptTokens,
        long completionTokens,
        List<Step> steps,
        List<ModelUse> models) {

    public RunTrace {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(triage, "triage");
        Objects.requireNonNull(queueWait, "queueWait");
        steps = List.copyOf(steps);
        models = List.copyOf(models);
    }

    /** How long the run took, queue wait apart. */
    public Duration took() {
        return Duration.between(startedAt, endedAt);
    }

    /** This trace without its steps and models, as a list of runs shows it. */
    public RunTrace summary() {
        return steps.isEmpty() && models.isEmpty()
                ? this
                : new RunTrace(
                        runId,
                        workspaceId,
                        channelId,
                        conversationId,
                        userId,
                        startedAt,
                        endedAt,
                        outcome,
                        triage,
                        queueWait,
                        promptTokens,
                        completionTokens,
                        List.of(),
                        List.of());
    }

    /**
     * What a run used of one model: its requests (attempts, retries and fallbacks included) and their tokens.
     *
     * @param model the model's name as it answered ({@code openai/gpt-4o-mini})
     * @param requests how many requests were made to it
     * @param promptTokens tokens of their prompts
     * @param completionTokens tokens of their answers
     */
    public record ModelUse(String model, long requests, long promptTokens, long completionTokens) {
        public ModelUse {
            Objects.requireNonNull(model, "model");
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** The model answered. */
        ANSWERED,
        /** An answer was given from what was gathered, not the model's own (budget or loop limits). */
        PARTIAL,
        /** Someone cancelled it. */
        CANCELLED,
        /** It ran out of time. */
        TIMED_OUT,
        /** It failed: the model, a tool or Lucy itself. */
        FAILED
    }

    /** What kind of thing a {@link Step} records. */
    public enum Kind {
        MODEL_CALL,
        MODEL_WAIT,
        FALLBACK,
        TOOL_CALL,
        LOOP,
        CONTEXT_TRIMMED,
        APPROVAL,
        MESSAGE_POSTED,
        MESSAGE_EDITED,
        MESSAGE_DELETED,
        NOTE
    }

    /**
     * One step of a run.
     *
     * @param at when it started
     * @param kind what it was
     * @param title a one-line summary ({@code model call 2: openai/gpt-4o-mini})
     * @param detail more, possibly several lines (redacted tool arguments and results); may be empty
     * @param took how long it took; zero for an instant step
     */
    public record Step(Instant at, Kind kind, String title, String detail, Duration took) {
        public Step {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(took, "took");
        }
    }
}

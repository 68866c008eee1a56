package dev.lucy.core.agent;

import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ToolCall;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What an {@link AgentObserver} hears about a run while it happens. */
public sealed interface AgentEvent
        permits AgentEvent.TurnStarted,
                AgentEvent.ToolCallStarted,
                AgentEvent.ToolCallFinished,
                AgentEvent.ModelFallback,
                AgentEvent.ModelWaiting,
                AgentEvent.StreamRestarted,
                AgentEvent.LoopDetected,
                AgentEvent.ContextTrimmed,
                AgentEvent.TextDelta,
                AgentEvent.Finished {

    /** A model call is about to be made; {@code turn} counts from 1. */
    record TurnStarted(int turn) implements AgentEvent {}

    /** A tool call is about to run (or to be answered by the loop itself). */
    record ToolCallStarted(int turn, ToolCall call) implements AgentEvent {
        public ToolCallStarted {
            Objects.requireNonNull(call, "call");
        }
    }

    /** A tool call ended; {@code record} holds its disposition, result and duration. */
    record ToolCallFinished(ToolCallRecord record) implements AgentEvent {
        public ToolCallFinished {
            Objects.requireNonNull(record, "record");
        }

        public Duration duration() {
            return record.duration();
        }
    }

    /** The answer came from another model than the one expected (the client fell back). */
    record ModelFallback(int turn, String expected, String actual) implements AgentEvent {
        public ModelFallback {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }
    }

    /**
     * The model call of {@code turn} waits on purpose before it goes on: a retry's backoff or the provider's {@code
     * Retry-After}, or a queue for the model's rate budget. Reported when the wait begins; most last a moment, so show
     * only the long ones.
     *
     * @param model the model waited for
     * @param duration how long the wait is
     * @param failure why a retry waits (a {@link ModelFailure.RateLimited} carries the provider's hint); empty for a
     *     rate budget's queue
     */
    record ModelWaiting(int turn, String model, Duration duration, Optional<ModelFailure> failure)
            implements AgentEvent {
        public ModelWaiting {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The model's answer in {@code turn} broke off after some of its text was streamed ({@link TextDelta}) and starts
     * again from the beginning: the text of this turn's earlier deltas is void.
     */
    record StreamRestarted(int turn) implements AgentEvent {}

    /**
     * The model repeated the same call.
     *
     * @param toolName the tool called
     * @param repeats how often this exact call has now been asked for
     * @param action what the loop did about it
     */
    record LoopDetected(int turn, String toolName, int repeats, LoopAction action) implements AgentEvent {
        public LoopDetected {
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(action, "action");
        }
    }

    /** What the loop does about a repeated call. */
    enum LoopAction {
        /** The model was told to stop repeating the call. */
        WARNED,
        /** The tool was withdrawn and the model must answer. */
        WITHDRAWN
    }

    /**
     * The prompt was cut to fit the context budget.
     *
     * @param droppedMessages whole messages left out (tool calls always with their results)
     * @param cutToolResults tool results shortened to head and tail
     * @param estimatedTokens the prompt's estimated size after trimming
     * @param budgetTokens the budget it had to fit
     */
    record ContextTrimmed(int turn, int droppedMessages, int cutToolResults, int estimatedTokens, int budgetTokens)
            implements AgentEvent {}

    /** A piece of answer text as the model streams it. */
    record TextDelta(int turn, String text) implements AgentEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The run ended; this is always the last event. */
    record Finished(AgentResult result) implements AgentEvent {
        public Finished {
            Objects.requireNonNull(result, "result");
        }
    }
}

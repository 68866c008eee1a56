package dev.lucy.core.agent;

import dev.lucy.core.model.ModelFailure;
import java.time.Duration;
import java.util.Objects;

/** How an agent run ended. Switch on it exhaustively; every case is an expected outcome, not an error. */
public sealed interface Outcome
        permits Outcome.Answered, Outcome.Partial, Outcome.Cancelled, Outcome.TimedOut, Outcome.Failed {

    /** The model gave a final answer; {@link AgentResult#text()} is it. */
    record Answered() implements Outcome {}

    /**
     * The model gave no usable answer; {@link AgentResult#text()} summarises what the tools returned and says it
     * may be incomplete.
     *
     * @param reason why the answer is partial, in plain words
     */
    record Partial(String reason) implements Outcome {
        public Partial {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@link Cancellation#cancel()} was called, or the thread running the agent was interrupted. */
    record Cancelled() implements Outcome {}

    /** The run used up its wall-clock budget; the text holds whatever had been gathered, possibly nothing. */
    record TimedOut(Duration budget) implements Outcome {
        public TimedOut {
            Objects.requireNonNull(budget, "budget");
        }
    }

    /** The run could not finish. */
    record Failed(FailureReason reason) implements Outcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a run failed. */
    sealed interface FailureReason
            permits FailureReason.ModelFailed, FailureReason.ContextTooLong, FailureReason.Unexpected {

        /** The model call failed after the client's own retries and fallbacks. */
        record ModelFailed(String model, ModelFailure failure) implements FailureReason {
            public ModelFailed {
                Objects.requireNonNull(model, "model");
                Objects.requireNonNull(failure, "failure");
            }
        }

        /** The prompt stayed too long for the model even after compacting it harder. */
        record ContextTooLong(int estimatedTokens) implements FailureReason {}

        /**
         * A component broke its contract (for example a model that threw something other than a
         * {@code ModelException}). {@code detail} names the exception type only, never its message.
         */
        record Unexpected(String detail) implements FailureReason {
            public Unexpected {
                Objects.requireNonNull(detail, "detail");
            }
        }
    }
}

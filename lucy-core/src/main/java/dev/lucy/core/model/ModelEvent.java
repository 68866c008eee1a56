package dev.lucy.core.model;

import java.time.Duration;
import java.util.Optional;

/** Something the {@link ResilientChatModel} did on a caller's behalf, for progress messages and metrics. */
public sealed interface ModelEvent {

    /** The model the event concerns. */
    String model();

    /**
     * A call failed and will be tried again on the same model after {@code delay}.
     *
     * @param attempt the attempt that failed, from 1
     */
    record Retrying(String model, int attempt, ModelFailure failure, Duration delay) implements ModelEvent {}

    /**
     * The model is given up for this call and the next one in the tier is asked.
     *
     * @param failure the failure that made it give up; empty when the answer was empty and cut by length
     */
    record FallingBack(String model, String nextModel, Optional<ModelFailure> failure, String reason)
            implements ModelEvent {}

    /** A model's circuit breaker changed state. */
    record CircuitStateChanged(String model, CircuitState from, CircuitState to) implements ModelEvent {}

    /**
     * The call waits {@code waited} for the model's rate budget (requests or tokens per minute) before it is sent;
     * reported when the wait begins.
     */
    record BudgetWaited(String model, Duration waited) implements ModelEvent {}

    /**
     * A streamed answer broke after some of its text had reached the caller's listener, and the call starts over
     * (on the same model or the next one, as {@link Retrying} or {@link FallingBack} then says): the text received so
     * far is void and the answer's text begins again. Reported once per call at most, before any new text.
     */
    record StreamRestarted(String model, ModelFailure failure) implements ModelEvent {}
}

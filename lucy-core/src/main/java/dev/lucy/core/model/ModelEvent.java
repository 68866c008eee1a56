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

    /** The call waited for the model's rate budget (requests or tokens per minute) before it was sent. */
    record BudgetWaited(String model, Duration waited) implements ModelEvent {}
}

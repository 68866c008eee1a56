package dev.lucy.core.model;

/** The state of one model's circuit breaker. */
public enum CircuitState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** The model failed too often: calls fail fast with {@link ModelFailure.CircuitOpen} until the wait is over. */
    OPEN,
    /** A few trial calls decide whether the model is healthy again. */
    HALF_OPEN
}

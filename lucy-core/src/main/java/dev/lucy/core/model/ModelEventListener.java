package dev.lucy.core.model;

/**
 * Receives {@link ModelEvent}s: retries, fallbacks, circuit breaker changes and waits for rate budgets. Called on
 * the thread that makes the call, in order; must return quickly. Exceptions it throws are ignored.
 */
@FunctionalInterface
public interface ModelEventListener {

    void onEvent(ModelEvent event);

    /** A listener that ignores everything (the default). */
    static ModelEventListener ignoring() {
        return event -> {};
    }
}

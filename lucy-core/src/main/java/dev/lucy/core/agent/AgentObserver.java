package dev.lucy.core.agent;

/**
 * Hears the events of one run, for progress messages and metrics.
 *
 * <p>Called on the run's own threads: tool events come from the tool calls' virtual threads, so several may
 * arrive at once and an observer shared between runs must be thread safe. Must return quickly; whatever it
 * throws is ignored, so a broken observer never breaks a run. The default, {@link #ignoring()}, does nothing.
 */
@FunctionalInterface
public interface AgentObserver {

    void on(AgentEvent event);

    /** An observer that ignores every event. */
    static AgentObserver ignoring() {
        return event -> {};
    }
}

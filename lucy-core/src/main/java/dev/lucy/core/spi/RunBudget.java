package dev.lucy.core.spi;

/**
 * The time budget of the run a tool call belongs to, as the call sees it. A call that waits for a person (an
 * approval) {@link #pause pauses} it, so the run's own time limit does not run out while someone decides: the
 * person's own deadline (the approval's expiry) is the one that holds.
 *
 * <pre>{@code
 * try (RunBudget.Pause paused = budget.pause()) {
 *     return waitForTheirAnswer();
 * }
 * }</pre>
 *
 * <p>Thread safe. Pauses may overlap (calls of one turn run in parallel): the budget runs again when the last one
 * is closed. A pause stops only the clock: cancelling the run still interrupts a paused call. {@link #none()} is
 * the default for calls made outside an agent run, where there is no budget to pause.
 */
public interface RunBudget {

    /** Stops the run's clock until the returned pause is closed. */
    Pause pause();

    /** A pause of a {@link RunBudget}; closing it more than once is harmless. */
    interface Pause extends AutoCloseable {
        /** Lets the run's clock run again (once every overlapping pause is closed). */
        @Override
        void close();
    }

    /** No budget: pausing changes nothing. */
    static RunBudget none() {
        return () -> () -> {};
    }
}

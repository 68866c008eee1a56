package dev.lucy.core.agent;

/** Ends a run early with an outcome (cancelled, timed out, failed); carries no stack trace, it is control flow. */
final class RunStopped extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;

    RunStopped(Outcome outcome) {
        super(null, null, false, false);
        this.outcome = outcome;
    }

    Outcome outcome() {
        return outcome;
    }
}

package dev.lucy.core.model;

/** The typed failure a call ends in, for tests that care only about its kind. */
final class Failures {
    private Failures() {}

    /** The {@link ModelFailure} of the {@link ModelException} {@code call} throws; fails the test if it does not. */
    static ModelFailure of(Runnable call) {
        try {
            call.run();
        } catch (ModelException e) {
            return e.failure();
        }
        throw new AssertionError("expected the call to fail with a ModelException");
    }
}

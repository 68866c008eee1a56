package dev.lucy.app.ops;

/**
 * One condition {@code /readyz} requires, such as "the Slack socket is connected" or "the database answers". Called
 * on every probe from the endpoint's virtual threads: must be thread safe and quick (answer from state already
 * known, or with a short time-out). Throwing counts as not ready.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Whether this condition holds now. */
    boolean ready();
}

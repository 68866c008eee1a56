package dev.lucy.core.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LucyRuntime#submit} decided about an event, returned at once so a platform adapter can acknowledge
 * the delivery within the platform's deadline whatever the load. Every event ends in exactly one of these, and
 * every one but {@link Duplicate} and {@link Stale} leads to something the user sees.
 */
public sealed interface Admission {

    /** Taken: answered at once (react, template, status, cancel) or an agent run that is starting now. */
    record Accepted(TriageDecision decision) implements Admission {
        public Accepted {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** An agent run waiting for its turn; {@code position} is 1 for next. The user was told. */
    record Queued(TriageDecision decision, int position) implements Admission {
        public Queued {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** The same delivery (or the same message under another event id) was already taken. Nothing happens. */
    record Duplicate(String key) implements Admission {}

    /** Older than the configured age limit when it arrived (a replay); ignored and counted. */
    record Stale(Duration age) implements Admission {}

    /** The queues are full; the user was told at once, with a retry hint. */
    record RejectedBusy(int queued) implements Admission {}

    /** This workspace or person sent more than their rate allows; the user was told when to retry. */
    record Throttled(Duration retryAfter) implements Admission {}

    /** The runtime is stopping and takes no new work; the user was told. */
    record ShuttingDown() implements Admission {}
}

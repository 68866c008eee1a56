package dev.lucy.slack;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why Lucy could not answer, as far as the user needs to know: the input of {@link ErrorMessages}.
 *
 * <p>Names given here (a service, a step) should be what users call them ("Google Calendar", "the calendar
 * lookup"). {@link ErrorMessages} still refuses anything that looks internal and falls back to general
 * words, so passing a tool identifier or an exception name by mistake leaks nothing.
 */
public sealed interface Failure {

    /** The model did not answer within the time allowed. */
    record ModelTimeout() implements Failure {}

    /** Too many requests; {@code retryAfter} says when trying again should work, when known. */
    record RateLimited(Optional<Duration> retryAfter) implements Failure {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** A service Lucy needs could not be reached. */
    record ServiceUnreachable(Optional<String> service) implements Failure {
        public ServiceUnreachable {
            Objects.requireNonNull(service, "service");
        }
    }

    /** The user (or workspace) has not connected {@code service}; {@code connectUrl} is where to do it. */
    record ConnectionMissing(String service, Optional<URI> connectUrl) implements Failure {
        public ConnectionMissing {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(connectUrl, "connectUrl");
        }
    }

    /** The conversation (or what it refers to) is too large to take in at once. */
    record ContextTooLarge() implements Failure {}

    /** A step failed; {@code step} names it in plain words ("the calendar lookup"), when known. */
    record ToolFailed(Optional<String> step) implements Failure {
        public ToolFailed {
            Objects.requireNonNull(step, "step");
        }
    }

    /** Lucy is at capacity: queued at {@code queuePosition} (1 is next), or to retry after {@code retryAfter}. */
    record Busy(OptionalInt queuePosition, Optional<Duration> retryAfter) implements Failure {
        public Busy {
            Objects.requireNonNull(queuePosition, "queuePosition");
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (queuePosition.isPresent() && queuePosition.getAsInt() < 1) {
                throw new IllegalArgumentException("queuePosition: counts from 1, got " + queuePosition.getAsInt());
            }
        }
    }

    /** Anything else. */
    record Unknown() implements Failure {}
}

package dev.lucy.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a model call failed, typed by cause so the retry policy can act on it mechanically.
 *
 * <p>{@link #retriable()} says whether the same request may succeed later on the same model.
 */
public sealed interface ModelFailure {

    boolean retriable();

    /** 429: too many requests. {@code retryAfter} is the provider's hint, when it sent one. */
    record RateLimited(Optional<Duration> retryAfter) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** 5xx or an explicit overload answer. */
    record Overloaded(int status) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** No complete answer within the request timeout. */
    record TimedOut(Duration after) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** The connection could not be made or was reset. */
    record ConnectionFailed(String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** The answer stream broke after it had started. */
    record StreamBroken(String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** The prompt is longer than the model's context window: compact it, then try again. */
    record ContextTooLong(String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** 401/403 or a missing key: configuration, not chance. */
    record AuthFailed(int status) implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** 400 and other answers that say the request itself is wrong. */
    record BadRequest(int status, String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** The provider refused the content. */
    record ContentFiltered(String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** The circuit breaker for this model is open: it failed too often recently. */
    record CircuitOpen(String model) implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** The call was cancelled (the calling thread was interrupted). */
    record Cancelled() implements ModelFailure {
        @Override
        public boolean retriable() {
            return false;
        }
    }

    /** The provider answered with something that is not a valid chat completion. */
    record MalformedResponse(String detail) implements ModelFailure {
        @Override
        public boolean retriable() {
            return true;
        }
    }
}

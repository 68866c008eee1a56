package dev.lucy.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a model call failed, typed by cause so the retry policy can act on it mechanically.
 *
 * <p>{@link #retriable()} says whether the same request may succeed later on the same model.
 */
public sealed interface ModelFailure {

    /**
     * Whether the same request may succeed later on the same model: yes for passing trouble (a rate limit, an
     * overload, a time-out, a broken connection or stream, a garbled answer), no for what trying again cannot change.
     */
    default boolean retriable() {
        return switch (this) {
            case RateLimited r -> true;
            case Overloaded o -> true;
            case TimedOut t -> true;
            case FirstTokenTimedOut f -> true;
            case ConnectionFailed c -> true;
            case StreamBroken s -> true;
            case MalformedResponse m -> true;
            case ContextTooLong c -> false;
            case AuthFailed a -> false;
            case BadRequest b -> false;
            case ContentFiltered c -> false;
            case CircuitOpen c -> false;
            case Cancelled c -> false;
        };
    }

    /** 429: too many requests. {@code retryAfter} is the provider's hint, when it sent one. */
    record RateLimited(Optional<Duration> retryAfter) implements ModelFailure {}

    /** 5xx or an explicit overload answer. */
    record Overloaded(int status) implements ModelFailure {}

    /** No complete answer within the request timeout. */
    record TimedOut(Duration after) implements ModelFailure {}

    /**
     * A streamed answer did not begin within the first-token timeout ({@link ModelClientConfig#firstTokenTimeout()}):
     * the model hangs, and another model is the quicker way to an answer.
     */
    record FirstTokenTimedOut(Duration after) implements ModelFailure {}

    /** The connection could not be made or was reset. */
    record ConnectionFailed(String detail) implements ModelFailure {}

    /** The answer stream broke after it had started. */
    record StreamBroken(String detail) implements ModelFailure {}

    /** The prompt is longer than the model's context window: compact it, then try again. */
    record ContextTooLong(String detail) implements ModelFailure {}

    /** 401/403 or a missing key: configuration, not chance. */
    record AuthFailed(int status) implements ModelFailure {}

    /** 400 and other answers that say the request itself is wrong. */
    record BadRequest(int status, String detail) implements ModelFailure {}

    /** The provider refused the content. */
    record ContentFiltered(String detail) implements ModelFailure {}

    /** The circuit breaker for this model is open: it failed too often recently. */
    record CircuitOpen(String model) implements ModelFailure {}

    /** The call was cancelled (the calling thread was interrupted). */
    record Cancelled() implements ModelFailure {}

    /** The provider answered with something that is not a valid chat completion. */
    record MalformedResponse(String detail) implements ModelFailure {}
}

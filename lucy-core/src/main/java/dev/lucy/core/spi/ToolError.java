package dev.lucy.core.spi;

import java.util.Locale;

/** Why a tool call did not produce an answer. */
public enum ToolError {
    /** A passing failure; the same call may work later. */
    RETRYABLE,
    /** The external API said too many requests. */
    RATE_LIMITED,
    /** The call ran past its time budget. */
    TIMED_OUT,
    /** The user or workspace has not connected the service the tool needs. */
    CONNECTION_REQUIRED,
    /** The arguments did not parse or did not match the schema. */
    INVALID_ARGUMENTS,
    /** The thing the call names does not exist. */
    NOT_FOUND,
    /** The call cannot succeed, however often it is tried. */
    FATAL,
    /** The model named a tool that does not exist. */
    UNKNOWN_TOOL,
    /** A person declined, or did not answer, the approval this destructive call needed. */
    NOT_APPROVED,
    /** The same side-effecting call was already made moments ago. */
    DUPLICATE_CALL,
    /** The provider is failing and its circuit breaker is open. */
    UNAVAILABLE;

    /**
     * Whether this failure counts against the health of the tool and its provider: a time-out, a passing or fatal
     * failure, a provider already unavailable. Refusals and the caller's mistakes (a rate limit, a missing connection
     * or approval, bad arguments, an unknown tool, a duplicate) do not. Circuit breakers and error rates count these.
     */
    public boolean countsAgainstHealth() {
        return switch (this) {
            case RETRYABLE, TIMED_OUT, FATAL, UNAVAILABLE -> true;
            case RATE_LIMITED,
                    CONNECTION_REQUIRED,
                    INVALID_ARGUMENTS,
                    NOT_FOUND,
                    UNKNOWN_TOOL,
                    NOT_APPROVED,
                    DUPLICATE_CALL -> false;
        };
    }

    /** The lower-case name shown to the model, for example {@code invalid_arguments}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

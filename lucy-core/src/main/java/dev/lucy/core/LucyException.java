package dev.lucy.core;

/**
 * The one root of Lucy's exceptions.
 *
 * <p>Exceptions are for bugs, misuse and broken infrastructure; expected outcomes (a tool failure, a rate limit,
 * a denied approval) are values. {@link #retriable()} tells the resilience layer mechanically whether trying the
 * same operation again can succeed.
 */
public class LucyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public LucyException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public LucyException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** A failure that trying again will not fix: misuse, bad configuration, invalid input. */
    public static LucyException permanent(String message) {
        return new LucyException(message, false);
    }

    /** A failure of infrastructure that may pass: a dropped connection, an overloaded dependency. */
    public static LucyException transientFailure(String message, Throwable cause) {
        return new LucyException(message, true, cause);
    }

    /** Whether the same operation, tried again later, may succeed. */
    public boolean retriable() {
        return retriable;
    }
}

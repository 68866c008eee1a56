package dev.lucy.app.config;

import java.util.Objects;

/**
 * A credential (token, API key, password) that must never reach a log line, an error message or a user. Its
 * {@link #toString()} is always {@value #REDACTED}; {@link #reveal()} hands the value to the one client that needs
 * it. Immutable and thread safe.
 */
public final class Secret {
    public static final String REDACTED = "[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; surrounding whitespace (a newline pasted with the token) is dropped. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be blank");
        }
        return new Secret(trimmed);
    }

    /** The value itself, for the client that sends it; never log or print it. */
    public String reveal() {
        return value;
    }

    /** Whether the value starts with {@code prefix}, without revealing it. */
    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}

package dev.lucy.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks Lucy's configuration builders share, so every module refuses a bad setting the same way: a
 * {@link NullPointerException} naming a missing one, otherwise an {@link IllegalArgumentException} whose message
 * names the setting and the value, for example {@code maxTurns must be at least 1: 0}. Each returns what it checked.
 */
public final class Check {
    private Check() {}

    /** {@code value}, when it is longer than zero. */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** {@code value}, when it is zero or longer. */
    public static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    /** {@code value}, when it is {@code min} or more. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }

    /** {@code value}, when it has a character other than white space. */
    public static String notBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}

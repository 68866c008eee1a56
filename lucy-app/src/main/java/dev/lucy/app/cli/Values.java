package dev.lucy.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values that say plainly what they need. Each message follows the option's name in the one-line usage
 * error: {@code --port must be a port number from 0 to 65535, not 'http'}. Whole numbers may group digits with
 * {@code _} or {@code ,} ({@code 10_000}).
 */
public final class Values {
    private Values() {}

    /** A whole number of at least 1. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1, "must be a positive number, not '" + value + "'");
        }
    }

    /** A whole number of at least 0. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0, "takes a whole number of at least 0, not '" + value + "'");
        }
    }

    /** A TCP port, 0 for any free one. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = atLeast(value, 0, "must be a port number from 0 to 65535, not '" + value + "'");
            if (port > 65_535) {
                throw new TypeConversionException("must be a port number from 0 to 65535, not '" + value + "'");
            }
            return port;
        }
    }

    /** Any text but an empty or blank one. */
    public static final class NonBlank implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("needs a value");
            }
            return value;
        }
    }

    static Integer integer(String value) {
        try {
            return Integer.parseInt(digits(value));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + value + "'");
        }
    }

    static Long whole(String value) {
        try {
            return Long.parseLong(digits(value));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + value + "'");
        }
    }

    static Double decimal(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, not '" + value + "'");
        }
    }

    private static int atLeast(String value, int least, String problem) {
        if (value.isBlank()) {
            throw new TypeConversionException("needs a value");
        }
        try {
            int n = Integer.parseInt(digits(value));
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException(problem);
    }

    private static String digits(String value) {
        return value.strip().replace("_", "").replace(",", "");
    }
}

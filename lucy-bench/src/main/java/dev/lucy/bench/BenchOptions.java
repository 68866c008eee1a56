package dev.lucy.bench;

import dev.lucy.app.cli.Cli;
import java.util.List;
import java.util.function.DoublePredicate;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values the benchmarks share, beyond lucy-app's ({@link dev.lucy.app.cli.Values}): shares, rates and
 * on/off switches. Each message follows the option's name in the one-line usage error.
 */
final class BenchOptions {
    private BenchOptions() {}

    /**
     * Reads {@code words} into {@code args} as {@code ./lucy bench NAME} would and returns its settings.
     *
     * @throws IllegalArgumentException with the usage error's one line (without the command's name)
     */
    static <S> S parse(BenchArgs<S> args, List<String> words) {
        CommandLine line = Cli.configure(new CommandLine(args), System.out, System.err);
        try {
            line.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new IllegalArgumentException(Cli.problem(e), e);
        }
        return args.settings();
    }

    /**
     * {@code text} as a number divided by {@code divisor}, if it is one and {@code fits}.
     *
     * @throws TypeConversionException with {@code problem} otherwise
     */
    private static double number(String text, double divisor, DoublePredicate fits, String problem) {
        try {
            double number = Double.parseDouble(text) / divisor;
            if (fits.test(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException(problem);
    }

    /** A share from 0 to 1, or a percentage ({@code 30%}). */
    static final class Share implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            boolean percent = value.endsWith("%");
            return number(
                    percent ? value.substring(0, value.length() - 1) : value,
                    percent ? 100 : 1,
                    share -> share >= 0 && share <= 1,
                    "takes a share between 0 and 1 (or a percentage), not '" + value + "'");
        }
    }

    /** A number above 0, fractions allowed. */
    static final class AboveZero implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return number(value, 1, number -> number > 0, "is above 0, not '" + value + "'");
        }
    }

    /** {@code on} or {@code off}; {@link #on(String)} reads it. */
    static final class OnOff implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("on") && !value.equals("off")) {
                throw new TypeConversionException("is on or off, not '" + value + "'");
            }
            return value;
        }

        static boolean on(String value) {
            return value.equals("on");
        }
    }

    /**
     * {@code process} (the model server in a JVM of its own, its CPU counted apart) or {@code in-process};
     * {@link ModelServers#inOwnProcess(String)} reads it.
     */
    static final class Server implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ModelServers.inOwnProcess(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("takes in-process or process, not '" + value + "'");
            }
        }
    }
}

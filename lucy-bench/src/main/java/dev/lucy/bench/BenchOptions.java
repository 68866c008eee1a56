package dev.lucy.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a benchmark. */
final class BenchOptions {
    private BenchOptions() {}

    static Map<String, String> parse(List<String> args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException(
                        "unknown option '" + a + "'; known: --" + String.join(", --", known));
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            options.put(a.substring(2), args.get(++i));
        }
        return options;
    }

    /** A positive whole-number option, or its default. */
    static int positive(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number, not '" + value + "'");
    }

    /** A whole-number option of at least 0, or its default. */
    static int nonNegative(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.replace("_", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " takes a whole number of at least 0, not '" + value + "'");
    }
}

package dev.lucy.core.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the valid tool names closest to a name a model made up, for "did you mean" answers: the unknown-tool
 * result ({@code ToolResult.unknownTool}) and lucy-tools' registry use the same ranking.
 */
public final class ToolNames {
    private ToolNames() {}

    /**
     * Up to {@code limit} names from {@code valid}, closest first by edit distance ignoring case; a name that
     * contains the other (or is contained in it) counts as close in proportion to the length difference.
     */
    public static List<String> closest(String name, Collection<String> valid, int limit) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return valid.stream()
                .distinct()
                .sorted(Comparator.<String>comparingInt(v -> closeness(wanted, v.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(limit)
                .toList();
    }

    private static int closeness(String wanted, String candidate) {
        int distance = distance(wanted, candidate);
        if (candidate.contains(wanted) || wanted.contains(candidate)) {
            distance = Math.min(distance, Math.abs(candidate.length() - wanted.length()) / 2);
        }
        return distance;
    }

    /** Levenshtein distance with two rows. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

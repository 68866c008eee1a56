package dev.lucy.app.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The name a person most likely meant: the nearest by edits, or the one the typed word begins or ends. */
final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code typed}, when one is close enough to be worth naming. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String word = stem(typed);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String name = stem(candidate);
            int distance = name.startsWith(word) || word.startsWith(name) ? 0 : distance(word, name);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null
                || bestDistance > Math.max(1, Math.min(word.length(), stem(best).length()) / 3)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    private static String stem(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '-') {
            start++;
        }
        return name.substring(start).toLowerCase(Locale.ROOT);
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-word phrases indexed by their first word, matched against a list of words with the longest phrase
 * winning. Immutable once built; lookups are a hash probe plus a few word comparisons.
 *
 * @param <V> what a phrase stands for
 */
final class TriagePhrases<V> {

    record Match<V>(int length, V value) {}

    private record Entry<V>(List<String> words, V value) {}

    private final Map<String, List<Entry<V>>> byFirstWord;

    private TriagePhrases(Map<String, List<Entry<V>>> byFirstWord) {
        this.byFirstWord = byFirstWord;
    }

    static <V> Builder<V> builder() {
        return new Builder<>();
    }

    /** The longest phrase starting at {@code start}, or null when none does. */
    Match<V> longestAt(List<String> words, int start) {
        List<Entry<V>> candidates = byFirstWord.get(words.get(start));
        if (candidates == null) {
            return null;
        }
        for (Entry<V> entry : candidates) { // longest first
            List<String> phrase = entry.words();
            if (start + phrase.size() > words.size()) {
                continue;
            }
            boolean same = true;
            for (int k = 1; k < phrase.size() && same; k++) {
                same = phrase.get(k).equals(words.get(start + k));
            }
            if (same) {
                return new Match<>(phrase.size(), entry.value());
            }
        }
        return null;
    }

    static final class Builder<V> {
        private final Map<String, List<Entry<V>>> byFirstWord = new HashMap<>();

        /** Adds a phrase written naturally ("that's great"); case and punctuation are ignored. */
        Builder<V> add(String phrase, V value) {
            List<String> words = TriageWords.phrase(phrase);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("phrase: needs at least one word, got '" + phrase + "'");
            }
            List<Entry<V>> entries = byFirstWord.computeIfAbsent(words.getFirst(), w -> new ArrayList<>());
            entries.removeIf(e -> e.words().equals(words)); // a phrase added again takes its new meaning
            entries.add(new Entry<>(words, value));
            return this;
        }

        Builder<V> addAll(Iterable<String> phrases, V value) {
            for (String phrase : phrases) {
                add(phrase, value);
            }
            return this;
        }

        TriagePhrases<V> build() {
            Map<String, List<Entry<V>>> copy = new HashMap<>();
            byFirstWord.forEach((first, entries) -> {
                List<Entry<V>> sorted = new ArrayList<>(entries);
                sorted.sort(Comparator.comparingInt((Entry<V> e) -> e.words().size())
                        .reversed());
                copy.put(first, List.copyOf(sorted));
            });
            return new TriagePhrases<>(Map.copyOf(copy));
        }
    }
}

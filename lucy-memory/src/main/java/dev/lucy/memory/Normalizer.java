package dev.lucy.memory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text normalisation shared by extraction, deduplication and recall. Stateless. */
final class Normalizer {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /** Words that carry no meaning for matching or deduplication. */
    static final Set<String> STOP_WORDS = Set.of(
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "of",
            "to",
            "in",
            "on",
            "at",
            "for",
            "with",
            "by",
            "from",
            "as",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "am",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "it",
            "its",
            "this",
            "that",
            "these",
            "those",
            "our",
            "we",
            "us",
            "my",
            "me",
            "i",
            "you",
            "your",
            "what",
            "whats",
            "which",
            "who",
            "whom",
            "how",
            "when",
            "where",
            "why",
            "s",
            "t",
            "re",
            "ve",
            "ll",
            "d",
            "can",
            "could",
            "should",
            "would",
            "will",
            "shall",
            "may",
            "might",
            "must",
            "about",
            "any",
            "some",
            "there",
            "their",
            "they",
            "them",
            "he",
            "she",
            "his",
            "her",
            "him",
            "so",
            "if",
            "then",
            "than",
            "too",
            "very",
            "just",
            "also",
            "now",
            "please",
            "remember",
            "lucy",
            "tell",
            "know",
            "again",
            "all",
            "not",
            "no");

    /** Extra words that do not change what a statement says, dropped only for deduplication. */
    private static final Set<String> FILLER = Set.of(
            "a",
            "an",
            "the",
            "that",
            "please",
            "remember",
            "now",
            "just",
            "also",
            "really",
            "actually",
            "so",
            "fyi",
            "note",
            "lucy",
            "hey",
            "ok",
            "okay");

    private Normalizer() {}

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /**
     * The key two statements share when they say the same thing: lower case, punctuation and filler words gone.
     * "Remember: our Q1 target is $800K!" and "our q1 target is $800k" share one.
     */
    static String dedupKey(String text) {
        StringBuilder key = new StringBuilder();
        for (String w : words(text)) {
            if (!FILLER.contains(w)) {
                if (!key.isEmpty()) {
                    key.append(' ');
                }
                key.append(w);
            }
        }
        return key.isEmpty() ? text.strip().toLowerCase(Locale.ROOT) : key.toString();
    }

    /** The meaningful terms of a text, stemmed lightly ("targets" and "target" match), in order, no repeats. */
    static Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        for (String w : words(text)) {
            if (STOP_WORDS.contains(w) || (w.length() < 2 && !Character.isDigit(w.charAt(0)))) {
                continue;
            }
            terms.add(stem(w));
        }
        return terms;
    }

    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** Estimated tokens of a text: about four characters each, never zero for non-empty text. */
    static int tokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The phrase lists of the {@link TonePipeline}. Immutable; start from {@link #defaults()} and change it
 * with {@link #toBuilder()}, or build from scratch with {@link #builder()}. Phrases match case-insensitively,
 * with any run of spaces between words and either apostrophe ({@code '} or {@code ’}).
 *
 * @param openers phrases removed at the start of a sentence when followed by punctuation or the end of the
 *     sentence ("Great question! ...", "Certainly, ...")
 * @param closers phrases that, opening a sentence, make the whole sentence go ("Hope this helps!", "Let me
 *     know if you have any other questions.")
 * @param hedges phrases removed wherever they occur, the sentence around them repaired ("It's worth noting
 *     that ...")
 * @param replacements phrases swapped for plainer words ("delve into" becomes "dig into")
 */
public record ToneConfig(
        List<String> openers, List<String> closers, List<String> hedges, Map<String, String> replacements) {

    public static final List<String> DEFAULT_OPENERS = List.of(
            "great question",
            "good question",
            "excellent question",
            "what a great question",
            "that's a great question",
            "that's a good question",
            "that's an excellent question",
            "that's a really good question",
            "i'd be happy to help with that",
            "i'd be happy to help",
            "i'd be glad to help",
            "i would be happy to help",
            "i'm happy to help",
            "happy to help",
            "glad to help",
            "happy to assist",
            "i'd be happy to assist",
            "thanks for asking",
            "thank you for asking",
            "thanks for your question",
            "thank you for your question",
            "you're absolutely right",
            "you are absolutely right",
            "absolutely",
            "certainly",
            "of course",
            "sure thing",
            "sure",
            "i hope this message finds you well",
            "i hope you're doing well");

    public static final List<String> DEFAULT_CLOSERS = List.of(
            "let me know if you have any other questions",
            "let me know if you have any further questions",
            "let me know if you have any more questions",
            "let me know if you have any questions",
            "let me know if you need anything else",
            "let me know if there's anything else",
            "let me know if you need any more help",
            "let me know if you need further help",
            "let me know if you need further assistance",
            "let me know if you need any further assistance",
            "let me know if this helps",
            "feel free to ask",
            "feel free to reach out",
            "feel free to let me know",
            "don't hesitate to ask",
            "don't hesitate to reach out",
            "don't hesitate to let me know",
            "do not hesitate to",
            "i hope this helps",
            "hope this helps",
            "i hope that helps",
            "hope that helps",
            "i hope this was helpful",
            "hope this was helpful",
            "is there anything else i can help",
            "is there anything else you'd like",
            "if you have any other questions",
            "if you have any further questions",
            "if you have any more questions",
            "if you have any questions",
            "if you need anything else",
            "i'm here to help",
            "i'm always here to help",
            "happy coding",
            "happy to help further");

    public static final List<String> DEFAULT_HEDGES = List.of(
            "it's worth noting that",
            "it is worth noting that",
            "it's worth noting",
            "it is worth noting",
            "it's worth mentioning that",
            "it is worth mentioning that",
            "it's worth mentioning",
            "it's important to note that",
            "it is important to note that",
            "it's important to note",
            "it should be noted that",
            "needless to say",
            "as an ai language model",
            "as an ai assistant",
            "as an ai",
            "in today's fast-paced world");

    public static final Map<String, String> DEFAULT_REPLACEMENTS = defaultReplacements();

    public ToneConfig {
        openers = phrases(openers, "openers");
        closers = phrases(closers, "closers");
        hedges = phrases(hedges, "hedges");
        Objects.requireNonNull(replacements, "replacements");
        Map<String, String> copy = new LinkedHashMap<>();
        replacements.forEach((phrase, with) -> {
            if (phrase == null || phrase.isBlank() || with == null) {
                throw new IllegalArgumentException(
                        "replacements: needs a non-blank phrase and a replacement, got '" + phrase + "'");
            }
            copy.put(phrase.strip(), with);
        });
        replacements = Collections.unmodifiableMap(copy);
    }

    /** The default lists: sycophantic openers, chatbot closers, hedges and "delve". */
    public static ToneConfig defaults() {
        return new ToneConfig(DEFAULT_OPENERS, DEFAULT_CLOSERS, DEFAULT_HEDGES, DEFAULT_REPLACEMENTS);
    }

    /** An empty configuration: a pipeline built from it changes nothing. */
    public static Builder builder() {
        return new Builder(List.of(), List.of(), List.of(), Map.of());
    }

    public Builder toBuilder() {
        return new Builder(openers, closers, hedges, replacements);
    }

    private static List<String> phrases(List<String> phrases, String field) {
        Objects.requireNonNull(phrases, field);
        List<String> copy = new ArrayList<>(phrases.size());
        for (String phrase : phrases) {
            if (phrase == null || phrase.isBlank()) {
                throw new IllegalArgumentException(field + ": phrases must not be blank");
            }
            copy.add(phrase.strip());
        }
        return List.copyOf(copy);
    }

    private static Map<String, String> defaultReplacements() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("delve deeper into", "look closer at");
        map.put("delve into", "dig into");
        map.put("delves into", "digs into");
        map.put("delving into", "digging into");
        map.put("delved into", "dug into");
        map.put("delve deeper", "dig deeper");
        map.put("delve", "dig in");
        return Collections.unmodifiableMap(map);
    }

    /** Changes a {@link ToneConfig}; setters replace a list, {@code add...} methods extend it. */
    public static final class Builder {
        private final List<String> openers;
        private final List<String> closers;
        private final List<String> hedges;
        private final Map<String, String> replacements;

        private Builder(
                List<String> openers, List<String> closers, List<String> hedges, Map<String, String> replacements) {
            this.openers = new ArrayList<>(openers);
            this.closers = new ArrayList<>(closers);
            this.hedges = new ArrayList<>(hedges);
            this.replacements = new LinkedHashMap<>(replacements);
        }

        public Builder openers(List<String> phrases) {
            openers.clear();
            openers.addAll(phrases);
            return this;
        }

        public Builder addOpener(String phrase) {
            openers.add(phrase);
            return this;
        }

        public Builder closers(List<String> phrases) {
            closers.clear();
            closers.addAll(phrases);
            return this;
        }

        public Builder addCloser(String phrase) {
            closers.add(phrase);
            return this;
        }

        public Builder hedges(List<String> phrases) {
            hedges.clear();
            hedges.addAll(phrases);
            return this;
        }

        public Builder addHedge(String phrase) {
            hedges.add(phrase);
            return this;
        }

        /** Replaces {@code phrase} with {@code with}; the first letter keeps the case it had. */
        public Builder replace(String phrase, String with) {
            replacements.put(phrase, with);
            return this;
        }

        public Builder clearReplacements() {
            replacements.clear();
            return this;
        }

        /** Builds the configuration; throws {@link IllegalArgumentException} naming a field with a blank phrase. */
        public ToneConfig build() {
            return new ToneConfig(openers, closers, hedges, replacements);
        }
    }
}

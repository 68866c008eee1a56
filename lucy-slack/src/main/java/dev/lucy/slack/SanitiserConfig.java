package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link Sanitiser} hides. Immutable; start from {@link #defaults()} and adjust with
 * {@link #toBuilder()}.
 *
 * @param pathRoots top-level directories whose absolute paths are internal ({@code /home/...},
 *     {@code /tmp/...}); home-relative ({@code ~/...}) and Windows drive paths are always internal
 * @param pathPrefixes relative path prefixes that are internal too (for example {@code "workspaces/"})
 * @param toolNames internal tool identifiers and the plain words that replace them
 *     ({@code "GOOGLECALENDAR_LIST_EVENTS" -> "the calendar"})
 * @param toolPrefixes identifier prefixes ({@code "COMPOSIO_"}) whose identifiers become
 *     {@code toolFallback}
 * @param toolFallback the words for a tool identifier without its own plain name
 * @param providers provider names and the words that replace them ({@code "OpenRouter" -> "the model
 *     service"}); the replacement carries its own article
 * @param pathReplacement what replaces an internal directory; a file path keeps only its file name
 * @param redaction what replaces a secret
 * @param minSecretLength the shortest string judged by its randomness alone
 * @param minEntropyBits the Shannon entropy, in bits per character, from which such a string is a secret
 */
public record SanitiserConfig(
        List<String> pathRoots,
        List<String> pathPrefixes,
        Map<String, String> toolNames,
        List<String> toolPrefixes,
        String toolFallback,
        Map<String, String> providers,
        String pathReplacement,
        String redaction,
        int minSecretLength,
        double minEntropyBits) {

    public static final List<String> DEFAULT_PATH_ROOTS = List.of(
            "home",
            "Users",
            "root",
            "tmp",
            "var",
            "etc",
            "opt",
            "srv",
            "app",
            "usr",
            "mnt",
            "workspace",
            "workspaces",
            "data",
            "private",
            "proc",
            "run",
            "Volumes");
    public static final List<String> DEFAULT_TOOL_PREFIXES = List.of("COMPOSIO_");
    public static final String DEFAULT_TOOL_FALLBACK = "one of my tools";
    public static final Map<String, String> DEFAULT_PROVIDERS = defaultProviders();
    public static final String DEFAULT_PATH_REPLACEMENT = "[internal path]";
    public static final String DEFAULT_REDACTION = "[redacted]";
    public static final int DEFAULT_MIN_SECRET_LENGTH = 32;
    public static final double DEFAULT_MIN_ENTROPY_BITS = 4.0;

    public SanitiserConfig {
        pathRoots = words(pathRoots, "pathRoots");
        pathPrefixes = words(pathPrefixes, "pathPrefixes");
        toolNames = names(toolNames, "toolNames");
        toolPrefixes = words(toolPrefixes, "toolPrefixes");
        toolFallback = text(toolFallback, "toolFallback");
        providers = names(providers, "providers");
        pathReplacement = text(pathReplacement, "pathReplacement");
        redaction = text(redaction, "redaction");
        if (minSecretLength < 16 || minSecretLength > 1024) {
            throw new IllegalArgumentException("minSecretLength: between 16 and 1024, got " + minSecretLength);
        }
        if (!(minEntropyBits >= 2.0 && minEntropyBits <= 6.0)) {
            throw new IllegalArgumentException("minEntropyBits: between 2.0 and 6.0, got " + minEntropyBits);
        }
    }

    /** Common server directories, {@code COMPOSIO_} tools, OpenRouter and Composio as providers. */
    public static SanitiserConfig defaults() {
        return new SanitiserConfig(
                DEFAULT_PATH_ROOTS,
                List.of(),
                Map.of(),
                DEFAULT_TOOL_PREFIXES,
                DEFAULT_TOOL_FALLBACK,
                DEFAULT_PROVIDERS,
                DEFAULT_PATH_REPLACEMENT,
                DEFAULT_REDACTION,
                DEFAULT_MIN_SECRET_LENGTH,
                DEFAULT_MIN_ENTROPY_BITS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static Map<String, String> defaultProviders() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("OpenRouter", "the model service");
        map.put("Composio", "the integration service");
        return Collections.unmodifiableMap(map);
    }

    private static List<String> words(List<String> values, String field) {
        Objects.requireNonNull(values, field);
        List<String> copy = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank() || value.strip().length() != value.length()) {
                throw new IllegalArgumentException(
                        field + ": entries must be non-blank without outer spaces, got '" + value + "'");
            }
            copy.add(value);
        }
        return List.copyOf(copy);
    }

    private static Map<String, String> names(Map<String, String> values, String field) {
        Objects.requireNonNull(values, field);
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, words) -> {
            if (name == null || name.isBlank() || words == null || words.isBlank()) {
                throw new IllegalArgumentException(
                        field + ": needs a non-blank name and replacement, got '" + name + "' -> '" + words + "'");
            }
            copy.put(name.strip(), words.strip());
        });
        return Collections.unmodifiableMap(copy);
    }

    private static String text(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        return value;
    }

    /** Changes a {@link SanitiserConfig}; every setting starts from the config it was made from. */
    public static final class Builder {
        private final List<String> pathRoots;
        private final List<String> pathPrefixes;
        private final Map<String, String> toolNames;
        private final List<String> toolPrefixes;
        private String toolFallback;
        private final Map<String, String> providers;
        private String pathReplacement;
        private String redaction;
        private int minSecretLength;
        private double minEntropyBits;

        private Builder(SanitiserConfig c) {
            pathRoots = new ArrayList<>(c.pathRoots());
            pathPrefixes = new ArrayList<>(c.pathPrefixes());
            toolNames = new LinkedHashMap<>(c.toolNames());
            toolPrefixes = new ArrayList<>(c.toolPrefixes());
            toolFallback = c.toolFallback();
            providers = new LinkedHashMap<>(c.providers());
            pathReplacement = c.pathReplacement();
            redaction = c.redaction();
            minSecretLength = c.minSecretLength();
            minEntropyBits = c.minEntropyBits();
        }

        public Builder pathRoots(List<String> roots) {
            pathRoots.clear();
            pathRoots.addAll(roots);
            return this;
        }

        public Builder addPathRoot(String root) {
            pathRoots.add(root);
            return this;
        }

        public Builder addPathPrefix(String prefix) {
            pathPrefixes.add(prefix);
            return this;
        }

        /** An internal tool identifier and the plain words users see instead. */
        public Builder tool(String identifier, String plainWords) {
            toolNames.put(identifier, plainWords);
            return this;
        }

        public Builder toolPrefixes(List<String> prefixes) {
            toolPrefixes.clear();
            toolPrefixes.addAll(prefixes);
            return this;
        }

        public Builder addToolPrefix(String prefix) {
            toolPrefixes.add(prefix);
            return this;
        }

        public Builder toolFallback(String words) {
            toolFallback = words;
            return this;
        }

        /** A provider name and the words users see instead, with their article ("the model service"). */
        public Builder provider(String name, String plainWords) {
            providers.put(name, plainWords);
            return this;
        }

        public Builder clearProviders() {
            providers.clear();
            return this;
        }

        public Builder pathReplacement(String words) {
            pathReplacement = words;
            return this;
        }

        public Builder redaction(String marker) {
            redaction = marker;
            return this;
        }

        public Builder minSecretLength(int length) {
            minSecretLength = length;
            return this;
        }

        public Builder minEntropyBits(double bits) {
            minEntropyBits = bits;
            return this;
        }

        /** Builds the configuration; throws {@link IllegalArgumentException} naming the bad field. */
        public SanitiserConfig build() {
            return new SanitiserConfig(
                    pathRoots,
                    pathPrefixes,
                    toolNames,
                    toolPrefixes,
                    toolFallback,
                    providers,
                    pathReplacement,
                    redaction,
                    minSecretLength,
                    minEntropyBits);
        }
    }
}

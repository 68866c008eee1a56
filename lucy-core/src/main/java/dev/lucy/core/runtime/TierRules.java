package dev.lucy.core.runtime;

import dev.lucy.core.model.ModelTier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which model tier a message gets, by intent, length and thread depth: rules kept as data (the resource
 * {@code tier-rules.txt} beside this class; its header explains the format), read top to bottom, the first that
 * applies deciding. Immutable and thread safe.
 */
final class TierRules {
    static final String RESOURCE = "tier-rules.txt";

    /** One line of the rules. */
    sealed interface Rule {
        ModelTier tier();

        boolean applies(String text, int depth);
    }

    record Match(ModelTier tier, String intent, Pattern pattern) implements Rule {
        @Override
        public boolean applies(String text, int depth) {
            return pattern.matcher(text).find();
        }
    }

    record Longer(ModelTier tier, int chars) implements Rule {
        @Override
        public boolean applies(String text, int depth) {
            return text.length() > chars;
        }
    }

    record Deeper(ModelTier tier, int messages) implements Rule {
        @Override
        public boolean applies(String text, int depth) {
            return depth > messages;
        }
    }

    record Short(ModelTier tier, int chars, int depthBelow) implements Rule {
        @Override
        public boolean applies(String text, int depth) {
            return text.length() < chars && depth < depthBelow;
        }
    }

    record Otherwise(ModelTier tier) implements Rule {
        @Override
        public boolean applies(String text, int depth) {
            return true;
        }
    }

    /** What decided a message's tier: the tier and, for an intent rule, its intent. */
    record Decision(ModelTier tier, Optional<String> intent) {}

    private final List<Rule> rules;

    private TierRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Lucy's rules, from the resource shipped beside this class. */
    static TierRules defaults() {
        try (InputStream in = TierRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the tier rules (" + RESOURCE + ") are missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rules from text in the resource's format; a line that does not parse (an unknown tier or rule, a bad pattern or number) fails with its number. */
    static TierRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        List<String> lines;
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            lines = r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(rule(line));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("tier rules, line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (rules.isEmpty() || !(rules.getLast() instanceof Otherwise)) {
            throw new IllegalArgumentException("tier rules must end with an 'otherwise' line");
        }
        return new TierRules(rules);
    }

    private static Rule rule(String line) {
        String[] parts = line.split("\\s+", 4);
        ModelTier tier = ModelTier.valueOf(parts[0].toUpperCase(Locale.ROOT));
        return switch (parts[1]) {
            case "match" -> new Match(tier, parts[2], Pattern.compile(parts[3]));
            case "longer" -> new Longer(tier, Integer.parseInt(parts[2]));
            case "deeper" -> new Deeper(tier, Integer.parseInt(parts[2]));
            case "shorter" -> {
                String[] s = line.split("\\s+");
                if (s.length != 5 || !s[3].equals("shallower")) {
                    throw new IllegalArgumentException("expected 'TIER shorter N shallower D'");
                }
                yield new Short(tier, Integer.parseInt(s[2]), Integer.parseInt(s[4]));
            }
            case "otherwise" -> new Otherwise(tier);
            default -> throw new IllegalArgumentException("unknown rule '" + parts[1] + "'");
        };
    }

    /** The tier for {@code text} (lower case, mentions removed) in a thread of {@code depth} messages. */
    Decision decide(String text, int depth) {
        Objects.requireNonNull(text, "text");
        for (Rule rule : rules) {
            if (rule.applies(text, depth)) {
                return new Decision(rule.tier(), rule instanceof Match m ? Optional.of(m.intent()) : Optional.empty());
            }
        }
        throw new IllegalStateException("the last rule applies to every message");
    }
}

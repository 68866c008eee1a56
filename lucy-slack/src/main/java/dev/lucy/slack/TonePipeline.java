package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes filler and sycophancy from a Markdown answer ("Great question!", "It's worth noting that",
 * "Hope this helps!", "delve into") and repairs what is left: the next word is capitalised, dangling
 * commas go, sentences, list items, headings and paragraphs left empty disappear.
 *
 * <p>Code is never touched: fenced and indented code blocks and inline code spans (found with a CommonMark
 * parser) come back byte for byte. A sentence holding code is never removed whole. Text the pipeline has
 * nothing to say about comes back unchanged.
 *
 * <p>Plug it into the formatter's prose filter ({@code UnaryOperator<String>}). Immutable and thread-safe;
 * the patterns are compiled once, in the constructor. Each phrase list becomes one alternation of literals,
 * which the regex engine matches without backtracking blow-ups.
 */
public final class TonePipeline implements UnaryOperator<String> {

    // Possessive quantifiers: no backtracking, however long the run of spaces.
    private static final Pattern SEPARATOR = Pattern.compile("^\\s*+(?:[!.,:;…]++|—|–|-(?=\\s)|$)\\s*+");

    private final ToneConfig config;
    private final Pattern openers;
    private final Pattern closers;
    private final Pattern hedges;
    private final Pattern replaceable;
    private final Map<String, String> replacements;

    public TonePipeline(ToneConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.openers = alternation(config.openers(), "^(?:", ")\\b");
        this.closers = alternation(config.closers(), "^(?:", ")\\b");
        this.hedges = alternation(config.hedges(), "\\b(?:", ")\\b");
        this.replaceable = alternation(config.replacements().keySet(), "\\b(?:", ")\\b");
        Map<String, String> byKey = new HashMap<>();
        config.replacements().forEach((phrase, with) -> byKey.put(key(phrase), with));
        this.replacements = Map.copyOf(byKey);
    }

    /** The pipeline with {@link ToneConfig#defaults()}. */
    public static TonePipeline defaults() {
        return new TonePipeline(ToneConfig.defaults());
    }

    public ToneConfig config() {
        return config;
    }

    /** Cleans {@code markdown}; never throws, and returns the input unchanged when nothing applies. */
    @Override
    public String apply(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        if (markdown.isEmpty()) {
            return markdown;
        }
        List<ProtectedCode.Region> code = ProtectedCode.of(markdown);
        Optional<MaskedProse> masked = MaskedProse.mask(markdown, code);
        if (masked.isEmpty()) {
            return markdown;
        }
        MaskedProse text = masked.get();
        String cleaned = cleanLines(text.text(), text);
        if (cleaned.equals(text.text())) {
            return markdown;
        }
        Optional<String> restored = text.restore(cleaned);
        if (restored.isEmpty() || !ProtectedCode.sameCode(markdown, code, restored.get())) {
            // A removal changed what counts as code (say, a list item whose continuation would become an
            // indented block): keep the answer as written rather than alter its code.
            return markdown;
        }
        return restored.get();
    }

    private String cleanLines(String text, MaskedProse mask) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>(lines.length);
        boolean droppedSinceLastKept = false;
        boolean droppedAfterContent = false;
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l];
            String cleaned = cleanLine(line, mask);
            if (cleaned == null && nextContentIsIndented(lines, l + 1, mask)) {
                // Removing this line would turn the indented lines after it into a code block.
                cleaned = line;
            }
            if (cleaned == null) {
                droppedSinceLastKept = true;
                droppedAfterContent = true;
                continue;
            }
            boolean blank = cleaned.isBlank();
            if (blank && droppedSinceLastKept && (out.isEmpty() || out.getLast().isBlank())) {
                continue; // the paragraph between two blank lines went away: keep one separator
            }
            out.add(cleaned);
            droppedSinceLastKept = false;
            if (!blank) {
                droppedAfterContent = false;
            }
        }
        if (droppedAfterContent) {
            boolean endedWithNewline = text.endsWith("\n");
            while (!out.isEmpty() && out.getLast().isBlank()) {
                out.removeLast();
            }
            if (endedWithNewline) {
                out.add("");
            }
        }
        return String.join("\n", out);
    }

    private static boolean startsFence(String text) {
        return text.startsWith("```") || text.startsWith("~~~") || text.startsWith("|");
    }

    private static boolean nextContentIsIndented(String[] lines, int from, MaskedProse mask) {
        for (int l = from; l < lines.length; l++) {
            String line = mask.unmaskFirst(lines[l]);
            if (!line.isBlank()) {
                return line.startsWith("    ")
                        || line.startsWith("\t")
                        || line.startsWith(" \t")
                        || line.startsWith("  \t")
                        || line.startsWith("   \t");
            }
        }
        return false;
    }

    /** The cleaned line, or null when the line lost all its content. */
    private String cleanLine(String line, MaskedProse mask) {
        int contentStart = ProseLinePrefix.contentStart(line);
        String prefix = line.substring(0, contentStart);
        String content = line.substring(contentStart);
        if (content.isBlank()) {
            return line;
        }
        String cleaned = cleanSentences(content, mask);
        if (cleaned.equals(content)) {
            return line;
        }
        if (!hasContent(cleaned, mask)) {
            return null;
        }
        if (ProseLinePrefix.contentStart(cleaned) > 0 || startsFence(cleaned)) {
            return line; // the text left over would read as a list, heading, quote or code fence
        }
        return prefix + cleaned;
    }

    private String cleanSentences(String content, MaskedProse mask) {
        List<String> sentences = ProseSentences.split(content);
        StringBuilder out = new StringBuilder(content.length());
        boolean previousDropped = false;
        boolean changed = false;
        String droppedTrailing = "";
        for (String sentence : sentences) {
            int bodyEnd = sentence.length();
            while (bodyEnd > 0 && Character.isWhitespace(sentence.charAt(bodyEnd - 1))) {
                bodyEnd--;
            }
            String body = sentence.substring(0, bodyEnd);
            String trailing = sentence.substring(bodyEnd);
            if (previousDropped && !hasContent(body, mask)) {
                changed = true; // an emoji or ":)" left behind by a dropped closer
                droppedTrailing = trailing;
                continue;
            }
            String cleaned = cleanSentence(body, mask);
            if (cleaned.isEmpty() || !hasContent(cleaned, mask) && hasContent(body, mask)) {
                previousDropped = true;
                changed = true;
                droppedTrailing = trailing;
                continue;
            }
            previousDropped = false;
            changed |= !cleaned.equals(body);
            out.append(cleaned).append(trailing);
        }
        if (!changed) {
            return content;
        }
        if (previousDropped) {
            // The last sentence went: drop the space that led to it, but keep a Markdown hard break.
            int end = out.length();
            while (end > 0 && (out.charAt(end - 1) == ' ' || out.charAt(end - 1) == '\t')) {
                end--;
            }
            out.setLength(end);
            if (end > 0 && droppedTrailing.endsWith("  ")) {
                out.append("  ");
            }
        }
        return out.toString();
    }

    /** The sentence without filler; empty when nothing worth keeping is left. */
    private String cleanSentence(String sentence, MaskedProse mask) {
        if (!hasContent(sentence, mask)) {
            return sentence; // a divider, a table rule, an emoji: nothing to clean
        }
        // "*Hope this helps!*": judge the words inside the emphasis, keep the markers around what stays.
        int marks = emphasisMarks(sentence);
        String open = sentence.substring(0, marks);
        String core = sentence.substring(marks, sentence.length() - closingLength(sentence, marks));
        String close = sentence.substring(marks + core.length());
        if (closers.matcher(core).lookingAt() && !mask.containsPlaceholder(core)) {
            return "";
        }
        String result = dropOpeners(core);
        if (result.isEmpty()) {
            return "";
        }
        result = dropHedges(result);
        if (!hasContent(result, mask)) {
            return "";
        }
        result = replacePhrases(result);
        return open + result + close;
    }

    /** How many emphasis markers ({@code *} or {@code _}, up to three) open a sentence that they also close. */
    private static int emphasisMarks(String sentence) {
        int k = 0;
        while (k < sentence.length() && k < 3 && (sentence.charAt(k) == '*' || sentence.charAt(k) == '_')) {
            k++;
        }
        if (k == 0 || k == sentence.length()) {
            return 0;
        }
        String marker = sentence.substring(0, k);
        int end = sentence.length();
        while (end > k && ".!?…".indexOf(sentence.charAt(end - 1)) >= 0) {
            end--;
        }
        boolean closed = end - k > k
                && sentence.startsWith(marker, end - k)
                && (end - k - 1 < k || sentence.charAt(end - k - 1) != marker.charAt(0));
        return closed ? k : 0;
    }

    private static int closingLength(String sentence, int marks) {
        if (marks == 0) {
            return 0;
        }
        int end = sentence.length();
        while (end > marks && ".!?…".indexOf(sentence.charAt(end - 1)) >= 0) {
            end--;
        }
        return sentence.length() - end + marks;
    }

    private String dropOpeners(String core) {
        String rest = core;
        for (int guard = 0; guard < 8; guard++) {
            Matcher opener = openers.matcher(rest);
            if (!opener.lookingAt()) {
                break;
            }
            String after = rest.substring(opener.end());
            Matcher separator = SEPARATOR.matcher(after);
            if (!separator.lookingAt()) {
                break; // "Sure enough, ..." or "Great question about X": not filler on its own
            }
            rest = after.substring(separator.end());
            if (rest.isEmpty()) {
                return "";
            }
            rest = capitalise(rest);
        }
        return rest;
    }

    private String dropHedges(String sentence) {
        String s = sentence;
        for (int guard = 0; guard < 16; guard++) {
            Matcher hedge = hedges.matcher(s);
            if (!hedge.find()) {
                break;
            }
            String before = s.substring(0, hedge.start());
            String after = s.substring(hedge.end());
            if (before.isBlank()) {
                after = stripLeading(after, ",:;—– ");
                s = after.isEmpty() ? "" : before + capitalise(after);
            } else if (before.endsWith(", ") && after.startsWith(",")) {
                // "The API, it's worth noting, is slow" -> "The API is slow"
                s = before.substring(0, before.length() - 2) + after.substring(1);
            } else if (before.endsWith(" ") && after.startsWith(" ")) {
                s = before + after.substring(1);
            } else if (after.startsWith(",") || after.startsWith(" ")) {
                s = before.stripTrailing() + (after.startsWith(",") ? after.substring(1) : after);
            } else {
                s = before + after;
            }
        }
        return s;
    }

    private String replacePhrases(String sentence) {
        return replaceable.matcher(sentence).replaceAll(m -> {
            String found = m.group();
            String with = replacements.getOrDefault(key(found), found);
            if (Character.isUpperCase(found.charAt(0)) && !with.isEmpty()) {
                with = Character.toUpperCase(with.charAt(0)) + with.substring(1);
            }
            return Matcher.quoteReplacement(with);
        });
    }

    private static String stripLeading(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    /** Upper-cases the first letter unless the first word looks like a name or an identifier ("iOS", "npm_x"). */
    static String capitalise(String s) {
        if (s.isEmpty() || !Character.isLowerCase(s.charAt(0))) {
            return s;
        }
        for (int i = 1; i < s.length() && !Character.isWhitespace(s.charAt(i)); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c) || Character.isDigit(c) || "_./\\@#".indexOf(c) >= 0) {
                return s;
            }
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean hasContent(CharSequence s, MaskedProse mask) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || mask.isMarker(c)) {
                return true;
            }
        }
        return false;
    }

    private static String key(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replaceAll("\\s+", " ");
    }

    /** One case-insensitive alternation of the phrases, longest first, or a pattern matching nothing. */
    private static Pattern alternation(Iterable<String> phrases, String head, String tail) {
        List<String> sorted = new ArrayList<>();
        phrases.forEach(sorted::add);
        if (sorted.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        // A look-ahead on the possible first letters rejects most positions with one class test, instead of
        // trying every phrase at every character.
        StringBuilder first = new StringBuilder("(?=[");
        boolean ascii = true;
        for (String phrase : sorted) {
            char c = phrase.charAt(0);
            for (char variant : new char[] {Character.toLowerCase(c), Character.toUpperCase(c)}) {
                first.append(String.format("\\u%04x", (int) variant));
            }
            if (c == '\'' || c == '\u2019') {
                first.append("\\u0027\\u2019");
            }
            ascii &= phrase.chars().allMatch(ch -> ch < 128);
        }
        first.append("])");
        StringBuilder regex = new StringBuilder(head.replace("(?:", first + "(?:"));
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            regex.append(literal(sorted.get(i)));
        }
        regex.append(tail);
        int flags = Pattern.CASE_INSENSITIVE | (ascii ? 0 : Pattern.UNICODE_CASE);
        return Pattern.compile(regex.toString(), flags);
    }

    /** A phrase as a regex: literal words, any run of spaces between them, either apostrophe. */
    private static String literal(String phrase) {
        StringBuilder out = new StringBuilder();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (Character.isWhitespace(c)) {
                flushLiteral(word, out);
                if (!out.isEmpty() && !out.toString().endsWith("\\s+")) {
                    out.append("\\s+");
                }
            } else if (c == '\'' || c == '\u2019') {
                flushLiteral(word, out);
                out.append("['\u2019]");
            } else {
                word.append(c);
            }
        }
        flushLiteral(word, out);
        return out.toString();
    }

    private static void flushLiteral(StringBuilder word, StringBuilder out) {
        if (!word.isEmpty()) {
            out.append(Pattern.quote(word.toString()));
            word.setLength(0);
        }
    }
}

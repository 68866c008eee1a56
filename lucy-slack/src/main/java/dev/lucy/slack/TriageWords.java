package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A chat message reduced to what triage needs: lower-case words without punctuation, the emoji it holds
 * (by Slack name) and whether it asks a question. Mentions of people and groups are dropped, links become
 * an opaque word, apostrophes inside words disappear ("that's" becomes "thats").
 *
 * <p>One pass over the characters, no regular expressions, so cost is linear in the message length.
 */
record TriageWords(List<String> words, List<String> emoji, boolean question) {

    /** Stands for a link or channel reference: a word that matches no phrase. */
    static final String LINK = "\u0000link";

    private static final int MAX_ENTITY_LENGTH = 500;

    private static final Map<Integer, String> UNICODE_EMOJI = Map.ofEntries(
            Map.entry(0x1F44D, "+1"),
            Map.entry(0x1F64F, "pray"),
            Map.entry(0x2705, "white_check_mark"),
            Map.entry(0x2714, "heavy_check_mark"),
            Map.entry(0x1F44C, "ok_hand"),
            Map.entry(0x1FAE1, "saluting_face"),
            Map.entry(0x1F680, "rocket"),
            Map.entry(0x1F64C, "raised_hands"),
            Map.entry(0x1F389, "tada"),
            Map.entry(0x2764, "heart"),
            Map.entry(0x1F4AF, "100"),
            Map.entry(0x1F525, "fire"));

    TriageWords {
        words = List.copyOf(words);
        emoji = List.copyOf(emoji);
    }

    static TriageWords of(String text) {
        List<String> words = new ArrayList<>();
        List<String> emoji = new ArrayList<>();
        boolean question = false;
        StringBuilder word = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == '<') {
                int close = entityEnd(text, i);
                if (close > 0) {
                    flush(word, words);
                    char kind = i + 1 < n ? text.charAt(i + 1) : ' ';
                    // <@U123>, <!here>, <!subteam^S1>: addressing people is not content.
                    if (kind != '@' && kind != '!') {
                        words.add(LINK);
                    }
                    i = close + 1;
                    continue;
                }
            } else if (cp == ':') {
                int close = shortcodeEnd(text, i);
                if (close > 0) {
                    flush(word, words);
                    String name = text.substring(i + 1, close).toLowerCase(Locale.ROOT);
                    if (!name.startsWith("skin-tone")) {
                        emoji.add(name);
                    }
                    i = close + 1;
                    continue;
                }
            } else if (cp == '@' && word.isEmpty()) {
                // A plain-text mention such as "@lucy": skip the handle.
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || "._-".indexOf(text.charAt(j)) >= 0)) {
                    j++;
                }
                i = j;
                continue;
            }
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(Character.toLowerCase(cp));
            } else if ((cp == '\'' || cp == '\u2019')
                    && !word.isEmpty()
                    && i + 1 < n
                    && Character.isLetter(text.charAt(i + 1))) {
                // "that's" -> "thats": an apostrophe inside a word joins it.
            } else {
                flush(word, words);
                if (cp == '?' || cp == '\uFF1F') {
                    question = true;
                } else if (Character.getType(cp) == Character.OTHER_SYMBOL) {
                    String name = UNICODE_EMOJI.get(cp);
                    emoji.add(name == null ? "other" : name);
                }
            }
            i += len;
        }
        flush(word, words);
        return new TriageWords(words, emoji, question);
    }

    /** Splits a phrase the same way messages are split, so phrases can be written naturally. */
    static List<String> phrase(String phrase) {
        return of(phrase).words();
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static int entityEnd(String text, int open) {
        int limit = Math.min(text.length(), open + MAX_ENTITY_LENGTH);
        for (int j = open + 1; j < limit; j++) {
            char c = text.charAt(j);
            if (c == '>') {
                return j > open + 1 ? j : -1;
            }
            if (c == '<' || c == '\n' || c == ' ') {
                return -1;
            }
        }
        return -1;
    }

    private static int shortcodeEnd(String text, int open) {
        boolean letter = false;
        int limit = Math.min(text.length(), open + 100);
        for (int j = open + 1; j < limit; j++) {
            char c = text.charAt(j);
            if (c == ':') {
                boolean known = letter || text.startsWith("+1", open + 1) || text.startsWith("100", open + 1);
                return j > open + 1 && known ? j : -1;
            }
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letter = true;
            } else if (!(c >= '0' && c <= '9' || c == '_' || c == '-' || c == '+' || c == '\'')) {
                return -1;
            }
        }
        return -1;
    }
}

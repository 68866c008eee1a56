package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks mrkdwn text for the mistakes that make Slack show it wrongly: unbalanced code fences, an unescaped
 * {@code <}, {@code >} or {@code &}, a notifying broadcast, or text over the limit. Used by Lucy's own tests
 * and benchmark, and by anyone who wants to check mrkdwn from elsewhere.
 */
public final class SlackOutputCheck {
    private static final Pattern LINK =
            Pattern.compile("<(?:https?://|mailto:)[^<>|\\s]+(?:\\|[^<>\\n]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern AMP = Pattern.compile("&(?:amp|lt|gt);");

    private SlackOutputCheck() {}

    /**
     * The problems found in one mrkdwn text, empty when it is valid.
     *
     * @param allowBroadcasts whether {@code <!here>}, {@code <!channel>} and {@code <!everyone>} are allowed
     */
    public static List<String> mrkdwnProblems(String text, int maxChars, boolean allowBroadcasts) {
        List<String> problems = new ArrayList<>();
        if (text.length() > maxChars) {
            problems.add("text is " + text.length() + " characters, over the limit of " + maxChars);
        }
        int fences = 0;
        for (int i = text.indexOf("```"); i >= 0; i = text.indexOf("```", i + 3)) {
            fences++;
        }
        if (fences % 2 == 1) {
            problems.add("unbalanced code fence (" + fences + " fence markers)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<') {
                Matcher entity = Renderer.ENTITY.matcher(text).region(i, text.length());
                Matcher link = LINK.matcher(text).region(i, text.length());
                if (entity.lookingAt()) {
                    String id = entity.group(1);
                    if (!allowBroadcasts && (id.equals("!here") || id.equals("!channel") || id.equals("!everyone"))) {
                        problems.add("broadcast " + entity.group() + " at " + i);
                    }
                    i = entity.end() - 1;
                } else if (link.lookingAt()) {
                    i = link.end() - 1;
                } else {
                    problems.add("unescaped '<' at " + i + ": " + around(text, i));
                }
            } else if (c == '>') {
                if (!quoteMarker(text, i)) {
                    problems.add("unescaped '>' at " + i + ": " + around(text, i));
                }
            } else if (c == '&') {
                if (!AMP.matcher(text).region(i, text.length()).lookingAt()) {
                    problems.add("unescaped '&' at " + i + ": " + around(text, i));
                }
            }
        }
        return problems;
    }

    /** A {@code >} that starts a quote: only spaces or other quote markers before it on its line. */
    private static boolean quoteMarker(String text, int i) {
        for (int j = i - 1; j >= 0; j--) {
            char c = text.charAt(j);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '>') {
                return false;
            }
        }
        return true;
    }

    private static String around(String text, int i) {
        int from = Math.max(0, i - 15);
        int to = Math.min(text.length(), i + 15);
        return "\"" + text.substring(from, to).replace("\n", "\\n") + "\"";
    }
}

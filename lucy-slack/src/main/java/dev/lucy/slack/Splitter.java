package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one rendered piece into parts no longer than a limit, at the best recorded break: a line end first,
 * then a sentence end, then a space, then a forced break inside a long word. Whatever is open at the break
 * (emphasis, a code fence) is closed at the end of one part and reopened at the start of the next.
 */
final class Splitter {
    private Splitter() {}

    static List<String> split(Piece piece, int limit) {
        String text = piece.text;
        if (text.length() <= limit) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        String reopen = "";
        int from = 0; // first break index not yet used
        while (reopen.length() + (text.length() - start) > limit) {
            int budget = limit - reopen.length();
            int chosen = choose(piece, from, start, budget);
            if (chosen < 0) {
                // No break fits (cannot happen for text the renderer produced within MIN_LIMIT); cut safely.
                int cut = safeCut(text, start, start + budget);
                parts.add(reopen + text.substring(start, cut));
                start = cut;
                reopen = "";
                continue;
            }
            int off = piece.offsets[chosen];
            int state = piece.states[chosen];
            boolean line = piece.priorities[chosen] == Piece.LINE;
            int end = line ? off - 1 : off;
            String close = piece.closes.get(state);
            String body = text.substring(start, end);
            boolean inCode = close.startsWith("\n"); // only a code fence closes on its own line
            parts.add(reopen + (inCode ? body : trimEnd(body)) + close);
            reopen = piece.reopens.get(state);
            start = off;
            if (!inCode && !line) {
                while (start < text.length() && text.charAt(start) == ' ') {
                    start++;
                }
            }
            from = chosen + 1;
        }
        if (start < text.length()) {
            String rest = text.substring(start);
            if (!rest.isBlank()) {
                parts.add(reopen + rest);
            }
        }
        return parts;
    }

    private static int choose(Piece piece, int from, int start, int budget) {
        int[] lastOfPriority = {-1, -1, -1, -1, -1};
        int lastAny = -1;
        int half = start + budget / 2;
        for (int i = from; i < piece.breakCount; i++) {
            int off = piece.offsets[i];
            if (off - start > budget + 1) {
                break;
            }
            boolean line = piece.priorities[i] == Piece.LINE;
            int end = line ? off - 1 : off;
            if (end <= start || end - start + piece.closes.get(piece.states[i]).length() > budget) {
                continue;
            }
            lastAny = i;
            if (off >= half) {
                // A break inside emphasis is fine (it is closed and reopened) but one outside it reads better.
                String close = piece.closes.get(piece.states[i]);
                boolean insideEmphasis = !close.isEmpty() && !close.startsWith("\n");
                lastOfPriority[piece.priorities[i] + (insideEmphasis ? 1 : 0)] = i;
            }
        }
        // The best kind of break that still keeps at least half the budget in this part, else the furthest.
        for (int candidate : lastOfPriority) {
            if (candidate >= 0) {
                return candidate;
            }
        }
        return lastAny;
    }

    private static int safeCut(String text, int start, int cut) {
        cut = Math.min(cut, text.length());
        if (cut < text.length() && Character.isLowSurrogate(text.charAt(cut)) && cut - 1 > start) {
            cut--;
        }
        int amp = text.lastIndexOf('&', cut - 1);
        if (amp > start && cut - amp < 6 && text.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        return Math.max(cut, start + 1);
    }

    static String trimEnd(String s) {
        int end = s.length();
        while (end > 0) {
            char c = s.charAt(end - 1);
            if (c == ' ' || c == '\n') {
                end--;
            } else if (c == '>' && (end == 1 || s.charAt(end - 2) == '\n')) {
                end--; // an empty quote line left at the end of a part
            } else {
                break;
            }
        }
        return s.substring(0, end);
    }
}

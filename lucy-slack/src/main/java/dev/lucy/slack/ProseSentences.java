package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits prose into sentences. A sentence ends at a run of {@code . ! ? …}, optionally followed by closing
 * quotes, brackets or emphasis markers, then white space or the end. Each piece keeps its trailing white
 * space, so the pieces joined give back the input.
 */
final class ProseSentences {

    private static final String TERMINALS = ".!?…";
    private static final String CLOSERS = ")]\"'”’*_~";

    private ProseSentences() {}

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            if (TERMINALS.indexOf(text.charAt(i)) < 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && TERMINALS.indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            int k = j;
            while (k < n && CLOSERS.indexOf(text.charAt(k)) >= 0) {
                k++;
            }
            if (k == n || Character.isWhitespace(text.charAt(k))) {
                int m = k;
                while (m < n && Character.isWhitespace(text.charAt(m))) {
                    m++;
                }
                out.add(text.substring(start, m));
                start = m;
                i = m;
            } else {
                i = j;
            }
        }
        if (start < n) {
            out.add(text.substring(start));
        }
        return out;
    }
}

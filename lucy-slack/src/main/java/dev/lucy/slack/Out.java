package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The buffer one piece is rendered into. It records where the text may later be split and, for each place,
 * what must be closed before the split and reopened after it (open emphasis markers, an open code fence), so a
 * split never leaves a construct unbalanced.
 */
final class Out {
    /** A run of text longer than this without any break gets a forced one, so even one huge word can split. */
    static final int FORCED_BREAK_EVERY = 200;

    final StringBuilder sb = new StringBuilder(256);
    private int[] offsets = new int[32];
    private byte[] priorities = new byte[32];
    private int[] states = new int[32];
    private int count;
    private int lastBreak;

    private final List<String> closes = new ArrayList<>(List.of(""));
    private final List<String> reopens = new ArrayList<>(List.of(""));
    private int state;

    /** Open inline markers, outermost first. */
    private final List<String> markers = new ArrayList<>();
    /** Line prefixes of the open containers (quotes, list items), outermost first. */
    private final List<String> prefixes = new ArrayList<>();

    private String fenceOpen;
    private String fenceClose;
    private int noBreak;

    String linePrefix() {
        if (prefixes.isEmpty()) {
            return "";
        }
        if (prefixes.size() == 1) {
            return prefixes.get(0);
        }
        return String.join("", prefixes);
    }

    void pushPrefix(String prefix) {
        prefixes.add(prefix);
        stateChanged();
    }

    void popPrefix() {
        prefixes.remove(prefixes.size() - 1);
        stateChanged();
    }

    void pushMarker(String marker) {
        markers.add(marker);
        stateChanged();
    }

    void popMarker() {
        markers.remove(markers.size() - 1);
        stateChanged();
    }

    int markerDepth() {
        return markers.size();
    }

    void openFence(String open, String close) {
        this.fenceOpen = open;
        this.fenceClose = close;
        stateChanged();
    }

    void closeFence() {
        this.fenceOpen = null;
        this.fenceClose = null;
        stateChanged();
    }

    void suspendBreaks() {
        noBreak++;
    }

    void resumeBreaks() {
        noBreak--;
    }

    private void stateChanged() {
        if (fenceOpen == null && markers.isEmpty()) {
            state = 0;
            return;
        }
        StringBuilder close = new StringBuilder();
        StringBuilder reopen = new StringBuilder();
        if (fenceOpen != null) {
            String prefix = linePrefix();
            close.append('\n').append(prefix).append(fenceClose);
            reopen.append(fenceOpen).append('\n').append(prefix);
        }
        for (int i = markers.size() - 1; i >= 0; i--) {
            close.append(markers.get(i));
        }
        for (String marker : markers) {
            reopen.append(marker);
        }
        String c = close.toString();
        String r = reopen.toString();
        int last = closes.size() - 1;
        if (closes.get(last).equals(c) && reopens.get(last).equals(r)) {
            state = last;
            return;
        }
        closes.add(c);
        reopens.add(r);
        state = closes.size() - 1;
    }

    void mark(byte priority) {
        if (noBreak > 0) {
            return;
        }
        int at = sb.length();
        if (count > 0 && offsets[count - 1] == at) {
            if (priorities[count - 1] > priority) {
                priorities[count - 1] = priority;
                states[count - 1] = state;
            }
            return;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            priorities = Arrays.copyOf(priorities, count * 2);
            states = Arrays.copyOf(states, count * 2);
        }
        offsets[count] = at;
        priorities[count] = priority;
        states[count] = state;
        count++;
        lastBreak = at;
    }

    /** Records a forced break when the text has run long without one; call only between whole units. */
    void maybeForce() {
        if (sb.length() - lastBreak > FORCED_BREAK_EVERY) {
            mark(Piece.FORCED);
        }
    }

    /** Ends the current line and starts the next with the open containers' prefixes. */
    void newline() {
        trimTrailingSpaces();
        sb.append('\n');
        mark(Piece.LINE);
        sb.append(linePrefix());
    }

    /** Ends the current line and leaves one (prefixed) blank line. */
    void blankLine() {
        trimTrailingSpaces();
        sb.append('\n').append(linePrefix().stripTrailing());
        newline();
    }

    boolean atLineStart() {
        String prefix = linePrefix();
        int len = sb.length();
        if (len == 0) {
            return true;
        }
        if (len >= prefix.length() && sb.lastIndexOf("\n") == len - prefix.length() - 1) {
            return sb.substring(len - prefix.length()).equals(prefix);
        }
        return false;
    }

    private void trimTrailingSpaces() {
        if (fenceOpen != null) {
            return;
        }
        int len = sb.length();
        while (len > 0 && sb.charAt(len - 1) == ' ') {
            len--;
        }
        if (len < sb.length()) {
            while (count > 0 && offsets[count - 1] > len) {
                count--;
            }
            sb.setLength(len);
        }
    }

    char lastChar() {
        return sb.isEmpty() ? '\n' : sb.charAt(sb.length() - 1);
    }

    Piece finish(Piece.Kind kind) {
        // Breaks at the very end are useless and would produce an empty part.
        int n = count;
        int end = sb.length();
        while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
            end--;
        }
        sb.setLength(end);
        String text = sb.toString();
        while (n > 0 && offsets[n - 1] >= text.length()) {
            n--;
        }
        return new Piece(kind, text, n, offsets, priorities, states, closes, reopens);
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Renders Markdown that is still arriving, token by token, from a model.
 *
 * <p>{@link #preview()} formats everything received so far, minus an unfinished tail that would otherwise show
 * as stray markers ({@code **bol}, an open {@code `}, a half-written {@code [link](}) or a half-received table
 * row; an open code fence is closed by the formatter. Use it to edit one message in place. {@link
 * #takeCompleted()} hands out, once, the Markdown of each block that can no longer change (everything up to
 * the last blank line outside a code fence); use it to feed {@code chat.appendStream}, which can only append.
 *
 * <p>Thread safety: safe for one producer appending while another thread previews; calls are serialised.
 */
public final class StreamingRenderer {
    private final SlackFormatter formatter;
    private final SlackFormatter appendFormatter;
    private final StringBuilder text = new StringBuilder();
    private final ReentrantLock lock = new ReentrantLock();
    private int taken;
    private boolean appendedAny;

    public StreamingRenderer(SlackFormatter formatter) {
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        this.appendFormatter = SlackFormatter.of(
                formatter.options().toBuilder().target(Target.MARKDOWN_BLOCK).build());
    }

    /** Adds the next piece of model output. */
    public void append(String delta) {
        Objects.requireNonNull(delta, "delta");
        lock.lock();
        try {
            text.append(delta);
        } finally {
            lock.unlock();
        }
    }

    /** Everything received so far. */
    public String received() {
        lock.lock();
        try {
            return text.toString();
        } finally {
            lock.unlock();
        }
    }

    /** The messages for what has arrived so far, without any unfinished construct. */
    public List<SlackMessage> preview() {
        return formatter.format(safePrefix(received()));
    }

    /** The final messages, once the model is done: the whole text, formatted as usual. */
    public List<SlackMessage> complete() {
        return formatter.format(received());
    }

    /**
     * The Markdown of the blocks completed since the last call, or an empty string. Blocks end at a blank line
     * outside a code fence; what follows it may still change and is kept back.
     */
    public String takeCompleted() {
        lock.lock();
        try {
            int end = completedEnd(text);
            if (end <= taken) {
                return "";
            }
            String completed = text.substring(taken, end);
            taken = end;
            return completed;
        } finally {
            lock.unlock();
        }
    }

    /** The rest not yet taken by {@link #takeCompleted()}, for the final append. */
    public String takeRest() {
        lock.lock();
        try {
            String rest = text.substring(taken);
            taken = text.length();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The blocks completed since the last call, formatted for {@code chat.appendStream}'s {@code markdown_text}:
     * standard Markdown after the same treatment as a posted answer (broadcasts neutralised, link anchors, prose
     * filters, HTML stripped), each at most 12,000 characters, each after the first led by the blank line that parts
     * it from what was streamed before. Empty when nothing has completed.
     */
    public List<String> takeCompletedForAppend() {
        return forAppend(takeCompleted());
    }

    /** Like {@link #takeCompletedForAppend()} for everything not yet taken, once the model is done. */
    public List<String> takeRestForAppend() {
        return forAppend(takeRest());
    }

    /**
     * Blocks are parted by a blank line written before each one but the first, so that the streamed message ends
     * with its last block rather than with blank lines.
     */
    private List<String> forAppend(String markdown) {
        if (markdown.isBlank()) {
            return List.of();
        }
        List<String> texts = appendFormatter.format(markdown).stream()
                .map(SlackMessage::text)
                .filter(text -> !text.isEmpty())
                .toList();
        lock.lock();
        try {
            List<String> pieces = new ArrayList<>(texts.size());
            for (String text : texts) {
                pieces.add(appendedAny ? "\n\n" + text : text);
                appendedAny = true;
            }
            return List.copyOf(pieces);
        } finally {
            lock.unlock();
        }
    }

    /** End of the last blank line that is outside a code fence. */
    static int completedEnd(CharSequence s) {
        int end = 0;
        boolean inFence = false;
        int lineStart = 0;
        boolean previousBlank = false;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '\n') {
                if (i == s.length()) {
                    break; // the last line is still arriving
                }
                String line = s.subSequence(lineStart, i).toString();
                String stripped = line.strip();
                if (isFence(stripped)) {
                    inFence = !inFence;
                }
                boolean blank = stripped.isEmpty();
                if (blank && !inFence && !previousBlank && lineStart > 0) {
                    end = i + 1;
                }
                previousBlank = blank;
                lineStart = i + 1;
            }
        }
        return end;
    }

    private static boolean isFence(String stripped) {
        String s = stripped;
        while (s.startsWith(">")) {
            s = s.substring(1).stripLeading();
        }
        return s.startsWith("```") || s.startsWith("~~~");
    }

    /** The text without an unfinished inline construct or table row at its end. */
    static String safePrefix(String s) {
        int lastLineStart = s.lastIndexOf('\n') + 1;
        int fences = 0;
        for (String line : s.split("\n", -1)) {
            if (isFence(line.strip())) {
                fences++;
            }
        }
        String last = s.substring(lastLineStart);
        if (fences % 2 == 1) {
            // Inside a code block the formatter closes the fence itself; a closing fence still arriving
            // ("`", "``") must not show as code.
            String stripped = last.strip();
            boolean partialFence = !stripped.isEmpty() && stripped.chars().allMatch(c -> c == '`');
            return partialFence ? s.substring(0, lastLineStart) : s;
        }
        if (last.stripLeading().startsWith("|") || isFence(last.strip())) {
            return s.substring(0, lastLineStart); // a table row or fence still arriving
        }
        int blankLine = s.lastIndexOf("\n\n");
        int paragraphStart = blankLine < 0 ? 0 : blankLine + 2;
        String paragraph = s.substring(paragraphStart);
        int cut = unbalancedFrom(paragraph);
        return cut < 0 ? s : s.substring(0, paragraphStart + cut);
    }

    /** Where the first construct that is still open starts in a paragraph, or -1. */
    private static int unbalancedFrom(String p) {
        int cut = -1;
        int ticks = count(p, "`");
        if (ticks % 2 == 1) {
            cut = min(cut, p.lastIndexOf('`'));
        }
        for (String marker : new String[] {"**", "__", "~~"}) {
            if (count(p, marker) % 2 == 1) {
                cut = min(cut, p.lastIndexOf(marker));
            }
        }
        int open = p.lastIndexOf('[');
        if (open >= 0) {
            int close = p.indexOf(']', open);
            boolean complete =
                    close > 0 && (close + 1 >= p.length() || p.charAt(close + 1) != '(' || p.indexOf(')', close) > 0);
            if (!complete || close + 1 == p.length()) {
                cut = min(cut, open);
            }
        }
        int stars = 0;
        int lastStar = -1;
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '*'
                    && !(i + 1 < p.length() && p.charAt(i + 1) == '*')
                    && !(i > 0 && p.charAt(i - 1) == '*')) {
                boolean bullet = (i == 0 || p.charAt(i - 1) == '\n' || p.charAt(i - 1) == ' ' && lineIsIndent(p, i))
                        && i + 1 < p.length()
                        && p.charAt(i + 1) == ' ';
                if (!bullet) {
                    stars++;
                    lastStar = i;
                }
            }
        }
        if (stars % 2 == 1) {
            cut = min(cut, lastStar);
        }
        return cut;
    }

    private static boolean lineIsIndent(String p, int i) {
        int j = i - 1;
        while (j >= 0 && p.charAt(j) == ' ') {
            j--;
        }
        return j < 0 || p.charAt(j) == '\n';
    }

    private static int min(int cut, int at) {
        return cut < 0 ? at : Math.min(cut, at);
    }

    private static int count(String s, String marker) {
        int n = 0;
        for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + marker.length())) {
            n++;
        }
        return n;
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A text whose protected regions are swapped for opaque placeholders, so a filter can work on the rest
 * and the regions come back unchanged. A placeholder is two private-use characters around a number; the
 * pair is chosen so that it does not occur in the input.
 */
final class MaskedProse {

    private final String masked;
    private final List<String> originals;
    private final char open;
    private final char close;

    private MaskedProse(String masked, List<String> originals, char open, char close) {
        this.masked = masked;
        this.originals = originals;
        this.open = open;
        this.close = close;
    }

    /** Masks {@code regions}; empty only when the text already uses every private-use character pair. */
    static Optional<MaskedProse> mask(String text, List<ProtectedCode.Region> regions) {
        BitSet used = new BitSet();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\uE000' && c <= '\uF8FF') {
                used.set(c - '\uE000');
            }
        }
        int pair = 0;
        while (used.get(pair) || used.get(pair + 1)) {
            pair += 2;
            if (pair + 1 > '\uF8FF' - '\uE000') {
                return Optional.empty();
            }
        }
        char open = (char) ('\uE000' + pair);
        char close = (char) (open + 1);
        StringBuilder out = new StringBuilder(text.length());
        List<String> originals = new ArrayList<>(regions.size());
        int at = 0;
        for (ProtectedCode.Region region : regions) {
            out.append(text, at, region.start());
            out.append(open).append(originals.size()).append(close);
            originals.add(text.substring(region.start(), region.end()));
            at = region.end();
        }
        out.append(text, at, text.length());
        return Optional.of(new MaskedProse(out.toString(), List.copyOf(originals), open, close));
    }

    String text() {
        return masked;
    }

    boolean hasPlaceholders() {
        return !originals.isEmpty();
    }

    boolean containsPlaceholder(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == open) {
                return true;
            }
        }
        return false;
    }

    /** {@code line} with a placeholder at its very start put back, so its indentation can be judged. */
    String unmaskFirst(String line) {
        if (line.isEmpty() || line.charAt(0) != open) {
            return line;
        }
        int end = line.indexOf(close);
        if (end < 0) {
            return line;
        }
        try {
            int index = Integer.parseInt(line, 1, end, 10);
            return index < originals.size() ? originals.get(index) + line.substring(end + 1) : line;
        } catch (NumberFormatException e) {
            return line;
        }
    }

    boolean isMarker(char c) {
        return c == open || c == close;
    }

    /**
     * Puts the protected regions back into {@code transformed}. Empty when a placeholder was lost, doubled
     * or reordered: the caller then keeps its input, since protected text must never change.
     */
    Optional<String> restore(String transformed) {
        if (originals.isEmpty()) {
            return transformed.indexOf(open) < 0 ? Optional.of(transformed) : Optional.empty();
        }
        StringBuilder out = new StringBuilder(transformed.length() + 64);
        int expected = 0;
        int i = 0;
        int n = transformed.length();
        while (i < n) {
            char c = transformed.charAt(i);
            if (c == close) {
                return Optional.empty();
            }
            if (c != open) {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            int index = 0;
            while (j < n && transformed.charAt(j) >= '0' && transformed.charAt(j) <= '9' && j - i < 10) {
                index = index * 10 + (transformed.charAt(j) - '0');
                j++;
            }
            if (j == i + 1 || j >= n || transformed.charAt(j) != close || index != expected) {
                return Optional.empty();
            }
            out.append(originals.get(index));
            expected++;
            i = j + 1;
        }
        return expected == originals.size() ? Optional.of(out.toString()) : Optional.empty();
    }
}

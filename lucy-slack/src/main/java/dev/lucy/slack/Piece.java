package dev.lucy.slack;

import java.util.List;

/**
 * One top-level Markdown block rendered for a target, with the places where it may be split and what must be
 * closed before and reopened after each of them. Immutable once built by {@link Out#finish}.
 */
final class Piece {
    enum Kind {
        HEADING,
        DIVIDER,
        TEXT,
        CODE,
        TABLE,
        CONTEXT
    }

    static final byte LINE = 0;
    static final byte SENTENCE = 1;
    static final byte WORD = 2;
    static final byte FORCED = 3;

    final Kind kind;
    final String text;
    final int breakCount;
    final int[] offsets;
    final byte[] priorities;
    final int[] states;
    final List<String> closes;
    final List<String> reopens;

    /** Heading: plain text with emoji. Code: the raw code. Otherwise empty. */
    String plain = "";

    int headingLevel;
    /** Table cells as plain text, header row first; alignment per column: 'l', 'c', 'r'. */
    List<List<String>> rows = List.of();

    char[] alignments = new char[0];

    Piece(
            Kind kind,
            String text,
            int breakCount,
            int[] offsets,
            byte[] priorities,
            int[] states,
            List<String> closes,
            List<String> reopens) {
        this.kind = kind;
        this.text = text;
        this.breakCount = breakCount;
        this.offsets = offsets;
        this.priorities = priorities;
        this.states = states;
        this.closes = closes;
        this.reopens = reopens;
    }

    static Piece plainText(Kind kind, String text) {
        return new Piece(kind, text, 0, new int[0], new byte[0], new int[0], List.of(""), List.of(""));
    }
}

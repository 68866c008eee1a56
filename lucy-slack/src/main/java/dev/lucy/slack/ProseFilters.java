package dev.lucy.slack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.Parser;

/**
 * Runs prose filters over Markdown without ever showing them code: every code span and code block line is
 * swapped for an opaque placeholder from Unicode's private use area, the filters run, and the code is put back.
 */
final class ProseFilters {
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final char DIGIT0 = '\uE010';

    private ProseFilters() {}

    static String apply(String markdown, List<UnaryOperator<String>> filters, Parser spanParser) {
        if (filters.isEmpty()) {
            return markdown;
        }
        Document document = (Document) spanParser.parse(markdown);
        List<SourceSpan> spans = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                spans.addAll(code.getSourceSpans());
            }

            @Override
            public void visit(FencedCodeBlock block) {
                spans.addAll(block.getSourceSpans());
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                spans.addAll(block.getSourceSpans());
            }
        });
        spans.sort(Comparator.comparingInt(SourceSpan::getInputIndex));
        List<String> code = new ArrayList<>();
        StringBuilder masked = new StringBuilder(markdown.length());
        int at = 0;
        for (SourceSpan span : spans) {
            int start = span.getInputIndex();
            int end = start + span.getLength();
            if (start < at || end > markdown.length() || span.getLength() == 0) {
                continue;
            }
            masked.append(markdown, at, start);
            token(masked, code.size());
            code.add(markdown.substring(start, end));
            at = end;
        }
        masked.append(markdown, at, markdown.length());
        String prose = masked.toString();
        for (UnaryOperator<String> filter : filters) {
            prose = Objects.requireNonNull(filter.apply(prose), "a prose filter returned null");
        }
        return restore(prose, code);
    }

    private static void token(StringBuilder out, int index) {
        out.append(OPEN);
        for (char c : Integer.toString(index).toCharArray()) {
            out.append((char) (DIGIT0 + (c - '0')));
        }
        out.append(CLOSE);
    }

    private static String restore(String prose, List<String> code) {
        StringBuilder out = new StringBuilder(prose.length() + 64);
        int i = 0;
        while (i < prose.length()) {
            char c = prose.charAt(i);
            if (c == OPEN) {
                int end = prose.indexOf(CLOSE, i + 1);
                int index = end < 0 ? -1 : decode(prose, i + 1, end);
                if (index >= 0 && index < code.size()) {
                    out.append(code.get(index));
                    i = end + 1;
                    continue;
                }
                i++; // a damaged placeholder: drop the marker rather than show it
                continue;
            }
            if (c != CLOSE && !(c >= DIGIT0 && c <= DIGIT0 + 9)) {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    private static int decode(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - DIGIT0;
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Placeholders must be unambiguous, so the input's own private-use characters of this range are replaced. */
    static String reserve(String markdown) {
        for (int i = 0; i < markdown.length(); i++) {
            char c = markdown.charAt(i);
            if (c == OPEN || c == CLOSE || (c >= DIGIT0 && c <= DIGIT0 + 9)) {
                StringBuilder sb = new StringBuilder(markdown);
                for (int j = i; j < sb.length(); j++) {
                    char d = sb.charAt(j);
                    if (d == OPEN || d == CLOSE || (d >= DIGIT0 && d <= DIGIT0 + 9)) {
                        sb.setCharAt(j, '\uFFFD');
                    }
                }
                return sb.toString();
            }
        }
        return markdown;
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Finds the code in a Markdown text (fenced and indented code blocks, inline code spans) with a real
 * CommonMark parser, so prose filters can leave it byte-for-byte untouched.
 */
final class ProtectedCode {

    /** A half-open range {@code [start, end)} of the input. */
    record Region(int start, int end) {}

    // The parser holds no per-parse state: one instance serves every thread.
    private static final Parser PARSER = Parser.builder()
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    private ProtectedCode() {}

    /** The code regions of {@code markdown}, sorted and not overlapping. */
    static List<Region> of(String markdown) {
        if (markdown.indexOf('`') < 0 && markdown.indexOf('~') < 0 && !mayHoldIndentedCode(markdown)) {
            return List.of();
        }
        Node document = PARSER.parse(markdown);
        List<Region> found = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                add(block, found);
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                add(block, found);
            }

            @Override
            public void visit(Code code) {
                add(code, found);
            }
        });
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        List<Region> merged = new ArrayList<>();
        for (Region region : found) {
            if (!merged.isEmpty() && merged.getLast().end() >= region.start()) {
                Region last = merged.removeLast();
                merged.add(new Region(last.start(), Math.max(last.end(), region.end())));
            } else {
                merged.add(region);
            }
        }
        return List.copyOf(merged);
    }

    /** Whether {@code after} holds exactly the code that {@code before} held at {@code regions}, in order. */
    static boolean sameCode(String before, List<Region> regions, String after) {
        List<Region> now = of(after);
        if (now.size() != regions.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            Region was = regions.get(i);
            Region is = now.get(i);
            if (was.end() - was.start() != is.end() - is.start()
                    || !before.regionMatches(was.start(), after, is.start(), was.end() - was.start())) {
                return false;
            }
        }
        return true;
    }

    private static void add(Node node, List<Region> found) {
        List<SourceSpan> spans = node.getSourceSpans();
        if (spans.isEmpty()) {
            return;
        }
        SourceSpan first = spans.getFirst();
        SourceSpan last = spans.getLast();
        int start = first.getInputIndex();
        int end = last.getInputIndex() + last.getLength();
        if (start >= 0 && end > start) {
            found.add(new Region(start, end));
        }
    }

    private static boolean mayHoldIndentedCode(String markdown) {
        return markdown.contains("    ") || markdown.indexOf('\t') >= 0;
    }
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * Walks a parsed Markdown document and renders each top-level block into a {@link Piece}, either in Slack's
 * mrkdwn or in standard Markdown for Slack's {@code markdown} block. One instance renders one document.
 */
final class Renderer {
    static final String MRKDWN_RULE = "──────────";
    private static final int MAX_DEPTH = 64;
    private static final int MAX_URL = 1_000;
    private static final int MAX_LINK_TEXT = 200;
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]{0,30}");
    private static final String[] BULLETS = {"•", "◦", "▪"};

    /** Slack's own entities: user, channel, user group mentions, dates, and broadcasts. */
    static final Pattern ENTITY = Pattern.compile(
            "<(@[UW][A-Z0-9]{2,20}|#C[A-Z0-9]{2,20}|!subteam\\^[A-Z0-9]{2,20}|!date\\^[0-9]{1,12}\\^[^<>|]{1,100}"
                    + "|!here|!channel|!everyone)(\\|[^<>|\\n]{0,200})?>");

    private static final Pattern PLAIN_BROADCAST = Pattern.compile("(?<![\\w@])@(here|channel|everyone)\\b");

    private final FormatOptions options;
    private final boolean md;
    private final boolean nativeTables;
    private final String spacing;
    /** Longest rendered link: links are never split, so one must fit in the smallest part with room to spare. */
    private final int maxLink;

    private Out out;
    private int depth;
    private int listDepth;
    private int quoteDepth;
    /** Where the last closing marker ended; text right after it may need a separator. */
    private int closeAt = -1;

    private int bold;
    private int italic;
    private int strike;

    Renderer(FormatOptions options, boolean markdownDialect, boolean nativeTables) {
        this.options = options;
        this.md = markdownDialect;
        this.nativeTables = nativeTables;
        this.spacing = options.emphasisSpacing().separator();
        int smallestPart = switch (options.target()) {
            case MRKDWN -> options.maxTextChars();
            case BLOCKS -> options.maxSectionChars();
            case MARKDOWN_BLOCK -> options.maxMarkdownChars();
        };
        this.maxLink = Math.min(MAX_URL + MAX_LINK_TEXT * 5, smallestPart - 100);
    }

    List<Piece> render(Document document) {
        List<Piece> pieces = new ArrayList<>();
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            Piece piece = top(block);
            if (piece != null && !piece.text.isBlank()) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    private Piece top(Node block) {
        out = new Out();
        closeAt = -1;
        if (block instanceof Heading heading) {
            return heading(heading);
        }
        if (block instanceof ThematicBreak) {
            return Piece.plainText(Piece.Kind.DIVIDER, md ? "---" : MRKDWN_RULE);
        }
        if (block instanceof FencedCodeBlock || block instanceof IndentedCodeBlock) {
            String code = codeLiteral(block);
            if (code.isBlank()) {
                return null;
            }
            codeBlock(code, block instanceof FencedCodeBlock f ? f.getInfo() : null);
            Piece piece = out.finish(Piece.Kind.CODE);
            piece.plain = code;
            return piece;
        }
        if (block instanceof TableBlock table) {
            return table(table);
        }
        if (block instanceof LinkReferenceDefinition) {
            return null;
        }
        Piece.Kind kind = block instanceof Paragraph p && imageOnly(p) ? Piece.Kind.CONTEXT : Piece.Kind.TEXT;
        block(block);
        return out.finish(kind);
    }

    // ---------------------------------------------------------------- blocks

    private void block(Node node) {
        if (flattenedTooDeep(node)) {
            return;
        }
        try {
            if (node instanceof Paragraph) {
                inlines(node);
            } else if (node instanceof Heading heading) {
                headingLine(heading);
            } else if (node instanceof BlockQuote) {
                quote(node);
            } else if (node instanceof ListBlock list) {
                list(list);
            } else if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) {
                String code = codeLiteral(node);
                if (!code.isBlank()) {
                    codeBlock(code, node instanceof FencedCodeBlock f ? f.getInfo() : null);
                }
            } else if (node instanceof ThematicBreak) {
                out.sb.append(md ? "---" : MRKDWN_RULE);
            } else if (node instanceof TableBlock table) {
                monospaceTable(tableRows(table), alignments(table));
            } else if (node instanceof HtmlBlock html) {
                htmlText(html.getLiteral());
            } else if (node instanceof LinkReferenceDefinition) {
                // Definitions were resolved into their links by the parser; nothing to show.
            } else {
                children(node);
            }
        } finally {
            depth--;
        }
    }

    /** Block children separated by line breaks, skipping those that render nothing. */
    private void children(Node parent) {
        boolean first = true;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof LinkReferenceDefinition || child instanceof TaskListItemMarker) {
                continue;
            }
            if (!first) {
                if (md && !(parent instanceof ListItem)) {
                    out.blankLine();
                } else {
                    out.newline();
                }
            }
            int before = out.sb.length();
            block(child);
            first = out.sb.length() == before && first;
        }
    }

    private Piece heading(Heading heading) {
        headingLine(heading);
        Piece piece = out.finish(Piece.Kind.HEADING);
        piece.headingLevel = heading.getLevel();
        String plain = plainText(heading).strip();
        piece.plain = emoji(plain).map(e -> e + " " + plain).orElse(plain);
        return piece;
    }

    private void headingLine(Heading heading) {
        String plain = plainText(heading).strip();
        Optional<String> emoji = emoji(plain);
        if (md) {
            out.sb.append("#".repeat(heading.getLevel())).append(' ');
            emoji.ifPresent(e -> out.sb.append(e).append(' '));
            inlines(heading);
            return;
        }
        int mark = out.sb.length();
        openMarker("*");
        bold++;
        emoji.ifPresent(e -> out.sb.append(e).append(' '));
        int contentStart = out.sb.length();
        inlines(heading);
        bold--;
        closeMarker("*", mark, contentStart);
    }

    private Optional<String> emoji(String plain) {
        if (!options.headingEmoji() || plain.isEmpty() || HeadingEmoji.startsWithEmoji(plain)) {
            return Optional.empty();
        }
        return HeadingEmoji.forHeading(plain);
    }

    private void quote(Node quote) {
        quoteDepth++;
        // mrkdwn has no nested quotes: an inner quote simply continues the outer one.
        boolean prefix = md || quoteDepth == 1;
        if (prefix && !md && !out.atLineStart()) {
            out.newline(); // Slack only sees a quote marker at the start of a line, not after a list marker
        }
        if (prefix) {
            out.pushPrefix("> ");
            out.sb.append("> ");
        }
        children(quote);
        if (prefix) {
            out.popPrefix();
        }
        quoteDepth--;
    }

    private void list(ListBlock list) {
        int number = list instanceof OrderedList ordered
                ? (ordered.getMarkerStartNumber() == null ? 1 : ordered.getMarkerStartNumber())
                : 0;
        String bullet = md ? "-" : BULLETS[listDepth % BULLETS.length];
        listDepth++;
        boolean first = true;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (!first) {
                out.newline();
            }
            first = false;
            String marker;
            if (list instanceof OrderedList) {
                marker = number++ + ". ";
            } else {
                marker = bullet + " ";
            }
            if (item.getFirstChild() instanceof TaskListItemMarker task) {
                marker = md ? marker + (task.isChecked() ? "[x] " : "[ ] ") : (task.isChecked() ? "✅ " : "⬜ ");
            } else if (item.getFirstChild() != null
                    && item.getFirstChild().getFirstChild() instanceof TaskListItemMarker task) {
                marker = md ? marker + (task.isChecked() ? "[x] " : "[ ] ") : (task.isChecked() ? "✅ " : "⬜ ");
            }
            out.sb.append(marker);
            String continuation = md ? " ".repeat(Math.min(marker.length(), 6)) : "    ";
            out.pushPrefix(continuation);
            int before = out.sb.length();
            children(item);
            if (out.sb.length() == before) {
                out.sb.setLength(out.sb.length() - 1); // no content: drop the marker's trailing space
            }
            out.popPrefix();
        }
        listDepth--;
    }

    private void codeBlock(String code, String info) {
        if (!out.atLineStart()) {
            out.newline();
        }
        String prefix = out.linePrefix();
        String open;
        String close;
        if (md) {
            int fence = Math.max(3, longestRun(code, '`') + 1);
            String language = info == null ? "" : info.strip().split("\\s+", 2)[0];
            if (!LANGUAGE.matcher(language).matches()) {
                language = ""; // only a plain language name: anything else would make each reopened fence long
            }
            close = "`".repeat(fence);
            open = close + language;
        } else {
            open = "```";
            close = "```";
        }
        out.sb.append(open);
        out.openFence(open, close);
        out.newline();
        int lineStart = 0;
        for (int i = 0; i <= code.length(); i++) {
            if (i == code.length() || code.charAt(i) == '\n') {
                codeText(code, lineStart, i);
                if (i < code.length()) {
                    out.sb.append('\n');
                    out.mark(Piece.LINE);
                    out.sb.append(prefix);
                }
                lineStart = i + 1;
            }
        }
        out.closeFence();
        out.sb.append('\n').append(prefix).append(close);
    }

    private void codeText(String code, int from, int to) {
        StringBuilder sb = out.sb;
        for (int i = from; i < to; i++) {
            char c = code.charAt(i);
            if (md) {
                sb.append(c);
            } else if (c == '&') {
                sb.append("&amp;");
            } else if (c == '<') {
                sb.append("&lt;");
            } else if (c == '>') {
                sb.append("&gt;");
            } else if (c == '`') {
                backtick(); // three in a row would end the block early
            } else if (c == '\r' || c == '\u0000') {
                continue;
            } else {
                sb.append(c);
            }
            if (!Character.isHighSurrogate(c)) {
                out.maybeForce();
            }
        }
    }

    private Piece table(TableBlock table) {
        List<List<String>> rows = tableRows(table);
        char[] align = alignments(table);
        if (md && nativeTables) {
            pipeTable(table, align);
        } else {
            monospaceTable(rows, align);
        }
        Piece piece = out.finish(Piece.Kind.TABLE);
        piece.rows = rows;
        piece.alignments = align;
        return piece;
    }

    private void pipeTable(TableBlock table, char[] align) {
        boolean firstRow = true;
        for (Node row : rowsOf(table)) {
            if (!firstRow) {
                out.newline();
            }
            out.sb.append('|');
            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                out.sb.append(' ');
                out.suspendBreaks();
                inlines(cell);
                out.resumeBreaks();
                out.sb.append(" |");
            }
            if (firstRow) {
                out.newline();
                out.sb.append('|');
                for (char a : align) {
                    out.sb.append(
                            switch (a) {
                                case 'c' -> " :---: |";
                                case 'r' -> " ---: |";
                                default -> " --- |";
                            });
                }
            }
            firstRow = false;
        }
    }

    private void monospaceTable(List<List<String>> rows, char[] align) {
        int columns = align.length;
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns && c < row.size(); c++) {
                width[c] = Math.max(width[c], Math.min(60, displayWidth(row.get(c))));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                int pad = Math.max(0, width[c] - displayWidth(cell));
                if (c > 0) {
                    line.append(" | ");
                }
                if (align[c] == 'r') {
                    line.append(" ".repeat(pad)).append(cell);
                } else if (align[c] == 'c') {
                    line.append(" ".repeat(pad / 2)).append(cell).append(" ".repeat(pad - pad / 2));
                } else {
                    line.append(cell).append(" ".repeat(pad));
                }
            }
            text.append(stripTrailing(line));
            if (r == 0 && rows.size() > 1) {
                text.append('\n');
                for (int c = 0; c < columns; c++) {
                    if (c > 0) {
                        text.append("-+-");
                    }
                    text.append("-".repeat(Math.max(1, width[c])));
                }
            }
            if (r < rows.size() - 1) {
                text.append('\n');
            }
        }
        codeBlock(text.toString(), null);
    }

    private static String stripTrailing(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    private static List<Node> rowsOf(TableBlock table) {
        List<Node> rows = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (row instanceof TableRow) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private List<List<String>> tableRows(TableBlock table) {
        List<List<String>> rows = new ArrayList<>();
        for (Node row : rowsOf(table)) {
            List<String> cells = new ArrayList<>();
            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                cells.add(plainText(cell).strip().replace('\n', ' '));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static char[] alignments(TableBlock table) {
        List<Node> rows = rowsOf(table);
        if (rows.isEmpty()) {
            return new char[0];
        }
        List<Character> align = new ArrayList<>();
        for (Node cell = rows.get(0).getFirstChild(); cell != null; cell = cell.getNext()) {
            TableCell.Alignment a = cell instanceof TableCell tc ? tc.getAlignment() : null;
            align.add(a == TableCell.Alignment.RIGHT ? 'r' : a == TableCell.Alignment.CENTER ? 'c' : 'l');
        }
        char[] result = new char[align.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = align.get(i);
        }
        return result;
    }

    static int displayWidth(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            width += wide(cp) ? 2 : (Character.getType(cp) == Character.NON_SPACING_MARK || cp == 0x200B ? 0 : 1);
        }
        return width;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1FAFF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    private void htmlText(String html) {
        String text = Html.strip(html);
        String[] lines = text.split("\n", -1);
        boolean first = true;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (!first) {
                out.newline();
            }
            first = false;
            text(line.strip());
        }
    }

    // ---------------------------------------------------------------- inlines

    private void inlines(Node parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
            inline(child);
        }
    }

    private void inline(Node node) {
        if (flattenedTooDeep(node)) {
            return;
        }
        try {
            if (node instanceof Text t) {
                text(t.getLiteral());
            } else if (node instanceof Code code) {
                codeSpan(code.getLiteral());
            } else if (node instanceof StrongEmphasis) {
                emphasis(node, md ? "**" : "*", Kind.BOLD);
            } else if (node instanceof Emphasis) {
                emphasis(node, "_", Kind.ITALIC);
            } else if (node instanceof Strikethrough) {
                emphasis(node, md ? "~~" : "~", Kind.STRIKE);
            } else if (node instanceof Link link) {
                autolinkOrLink(link);
            } else if (node instanceof Image image) {
                link(image.getDestination(), plainText(image));
            } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
                lineBreak();
            } else if (node instanceof HtmlInline html) {
                htmlInline(html.getLiteral());
            } else if (node instanceof SlackSyntax.Entity entity) {
                slackSyntax(entity.raw);
            } else if (node instanceof TaskListItemMarker) {
                // Rendered as the list item's marker.
            } else {
                inlines(node);
            }
        } finally {
            depth--;
        }
    }

    private void lineBreak() {
        if (out.markerDepth() > 0) {
            // mrkdwn emphasis does not span lines; a space keeps the words apart and the markers paired.
            if (out.lastChar() != ' ') {
                out.sb.append(' ');
                out.mark(Piece.WORD);
            }
        } else {
            out.newline();
        }
    }

    private enum Kind {
        BOLD,
        ITALIC,
        STRIKE
    }

    private void emphasis(Node node, String marker, Kind kind) {
        boolean nested = switch (kind) {
            case BOLD -> bold > 0;
            case ITALIC -> italic > 0;
            case STRIKE -> strike > 0;
        };
        if (nested) {
            inlines(node);
            return;
        }
        int mark = out.sb.length();
        openMarker(marker);
        int contentStart = out.sb.length();
        switch (kind) {
            case BOLD -> bold++;
            case ITALIC -> italic++;
            case STRIKE -> strike++;
        }
        inlines(node);
        switch (kind) {
            case BOLD -> bold--;
            case ITALIC -> italic--;
            case STRIKE -> strike--;
        }
        closeMarker(marker, mark, contentStart);
    }

    private void openMarker(String marker) {
        char last = out.lastChar();
        if (!md && Character.isLetterOrDigit(last)) {
            out.sb.append(spacing);
        }
        out.sb.append(marker);
        out.pushMarker(marker);
    }

    /** Closes a marker, or removes it when nothing was written inside (an empty {@code **} renders nothing). */
    private void closeMarker(String marker, int mark, int contentStart) {
        out.popMarker();
        StringBuilder sb = out.sb;
        // Whitespace just inside a closing marker stops Slack from seeing it; move it outside.
        int end = sb.length();
        while (end > contentStart && Character.isWhitespace(sb.charAt(end - 1))) {
            end--;
        }
        if (end == contentStart) {
            sb.setLength(mark);
            return;
        }
        String trailing = sb.substring(end);
        sb.setLength(end);
        sb.append(marker);
        if (!trailing.isEmpty()) {
            sb.append(trailing.replace('\n', ' '));
        }
        closeAt = trailing.isEmpty() ? sb.length() : -1;
    }

    private void codeSpan(String literal) {
        if (literal.isEmpty()) {
            return;
        }
        String code = literal.replace('\n', ' ');
        if (md) {
            int ticks = longestRun(code, '`');
            String fence = "`".repeat(ticks + 1);
            boolean pad = code.startsWith("`") || code.endsWith("`");
            if (code.length() + 2 * fence.length() + 3 > maxLink) {
                text(code); // too long to keep whole: a code span is never split, so show its words
                return;
            }
            out.mark(Piece.FORCED);
            if (fence.length() >= 3) {
                // Three backticks at the start of a line, which a split can make, would read as a code fence.
                out.sb.append('\u200B');
            }
            out.sb
                    .append(fence)
                    .append(pad ? " " : "")
                    .append(code)
                    .append(pad ? " " : "")
                    .append(fence);
            return;
        }
        boundary();
        backtick();
        out.pushMarker("`");
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            appendCodeSafe(out.sb, c);
            if (!Character.isHighSurrogate(c)) {
                out.maybeForce();
            }
        }
        out.popMarker();
        backtick();
        closeAt = out.sb.length();
    }

    /** Appends {@code c} escaped for mrkdwn, with a backtick as a look-alike: mrkdwn cannot escape one in code. */
    private static void appendCodeSafe(StringBuilder sb, char c) {
        switch (c) {
            case '&' -> sb.append("&amp;");
            case '<' -> sb.append("&lt;");
            case '>' -> sb.append("&gt;");
            case '`' -> sb.append('ˋ');
            default -> sb.append(c);
        }
    }

    /**
     * Appends a backtick unless it would make a third in a row, which opens a code block in Slack; whatever
     * wrote the two before it (text, a code span), a zero-width space keeps the run apart.
     */
    private void backtick() {
        StringBuilder sb = out.sb;
        int len = sb.length();
        if (len >= 2 && sb.charAt(len - 1) == '`' && sb.charAt(len - 2) == '`') {
            sb.append('\u200B');
        }
        sb.append('`');
    }

    private void boundary() {
        char last = out.lastChar();
        if (!md && (Character.isLetterOrDigit(last))) {
            out.sb.append(spacing);
        }
    }

    /**
     * Slack syntax can reach the parser as an e-mail autolink: {@code <!subteam^S1|@team>} looks like an
     * address. It keeps its meaning.
     */
    private void autolinkOrLink(Link link) {
        String label = plainText(link);
        String destination = link.getDestination() == null ? "" : link.getDestination();
        if (label.equals(destination) || ("mailto:" + label).equals(destination)) {
            Matcher entity = ENTITY.matcher("<" + label + ">");
            if (entity.matches()) {
                entity(entity.group(), entity);
                return;
            }
        }
        link(destination, label);
    }

    private void slackSyntax(String raw) {
        Matcher entity = ENTITY.matcher(raw);
        if (entity.matches()) {
            entity(raw, entity);
            return;
        }
        Matcher link = SlackSyntax.SLACK_LINK.matcher(raw);
        if (link.matches()) {
            link(link.group(1), link.group(2));
        }
    }

    private void link(String destination, String label) {
        String url = destination == null ? "" : destination.strip();
        String text = label.strip().replace('\n', ' ');
        boolean bare = text.isEmpty()
                || text.equals(url)
                || ("mailto:" + text).equals(url)
                || ("http://" + text).equals(url)
                || ("https://" + text).equals(url);
        if (!safeUrl(url) || url.length() > MAX_URL) {
            // Relative, script or oversized targets are not links Slack can open: keep the words only.
            text(text.isEmpty() ? url : text);
            return;
        }
        if (!bare && namesAnotherHost(text, url)) {
            // [https://good.example](https://evil.example): the label would lie about where the link goes.
            text = url;
        } else if (bare) {
            text = options.linkAnchors() ? LinkAnchors.anchor(url) : (text.isEmpty() ? url : text);
        }
        if (text.length() > MAX_LINK_TEXT) {
            text = text.substring(0, MAX_LINK_TEXT - 1) + "…";
        }
        if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            text = text.substring(0, text.length() - 1);
        }
        StringBuilder rendered = new StringBuilder(url.length() + text.length() + 8);
        if (md) {
            rendered.append('[');
            escapeMarkdown(rendered, text);
            rendered.append("](").append(encodeUrl(url, true)).append(')');
        } else {
            rendered.append('<').append(encodeUrl(url, false));
            if (!text.equals(url)) {
                rendered.append('|');
                for (int i = 0; i < text.length(); i++) {
                    appendCodeSafe(rendered, text.charAt(i)); // a backtick run in a label could open code
                }
            }
            rendered.append('>');
        }
        if (rendered.length() > maxLink) {
            // A link is never split, so one longer than the smallest part could be would break it: words only.
            text(text);
            return;
        }
        out.mark(Piece.FORCED);
        out.suspendBreaks();
        if (md) {
            if (out.lastChar() == '!') {
                out.sb.append(' ');
            }
        } else {
            boundary();
        }
        out.sb.append(rendered);
        if (!md) {
            closeAt = out.sb.length();
        }
        out.resumeBreaks();
    }

    /** Whether a link's label reads as a web address on a host other than the one the link opens. */
    static boolean namesAnotherHost(String label, String url) {
        String named = hostOf(
                label.regionMatches(true, 0, "http://", 0, 7) || label.regionMatches(true, 0, "https://", 0, 8)
                        ? label.substring(label.indexOf("//") + 2)
                        : label);
        if (named.isEmpty()) {
            return false;
        }
        int scheme = url.indexOf("//");
        String real = scheme < 0 ? "" : hostOf(url.substring(scheme + 2));
        return !named.equals(real);
    }

    /** The host a text starting with a host name names ({@code www.} and case aside), or "" when it names none. */
    private static String hostOf(String text) {
        int end = 0;
        int dots = 0;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '/' || c == ':' || c == '?' || c == '#') {
                break;
            }
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.') || end > 253) {
                return "";
            }
            dots += c == '.' ? 1 : 0;
            end++;
        }
        String host = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int lastDot = host.lastIndexOf('.');
        if (dots == 0
                || lastDot < 1
                || host.length() - lastDot - 1 < 2
                || !host.substring(lastDot + 1).chars().allMatch(Character::isLetter)) {
            return "";
        }
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    static boolean safeUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
        }
        return url.length() > 8;
    }

    private static String encodeUrl(String url, boolean markdown) {
        StringBuilder sb = new StringBuilder(url.length() + 8);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            switch (c) {
                case '|' -> sb.append("%7C");
                case '<' -> sb.append("%3C");
                case '>' -> sb.append("%3E");
                case '"' -> sb.append("%22");
                case '`' -> sb.append("%60");
                case ' ' -> sb.append("%20");
                case '(' -> sb.append(markdown ? "%28" : "(");
                case ')' -> sb.append(markdown ? "%29" : ")");
                case '&' -> sb.append(markdown ? "&" : "&amp;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private void htmlInline(String literal) {
        Matcher entity = ENTITY.matcher(literal);
        if (entity.matches()) {
            entity(literal, entity);
            return;
        }
        if (!Html.isMarkup(literal)) {
            // Not HTML markup but words in angle brackets (<your-token>, List<String>, <Enter>): shown as written.
            text(literal);
            return;
        }
        String lower = literal.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<br")) {
            lineBreak();
        }
        // Other markup (tags of known elements, comments) is dropped; its text content arrives as Text nodes.
    }

    // ---------------------------------------------------------------- text

    /** Prose text: Slack entities kept, broadcasts neutralised, the rest escaped for the target. */
    private void text(String literal) {
        if (literal.isEmpty()) {
            return;
        }
        if (literal.indexOf('<') >= 0) {
            Matcher entity = ENTITY.matcher(literal);
            int from = 0;
            while (entity.find()) {
                plain(literal, from, entity.start());
                entity(entity.group(), entity);
                from = entity.end();
            }
            plain(literal, from, literal.length());
        } else {
            plain(literal, 0, literal.length());
        }
    }

    private void entity(String raw, Matcher entity) {
        String id = entity.group(1);
        boolean broadcast = id.equals("!here") || id.equals("!channel") || id.equals("!everyone");
        if (broadcast && !options.allowBroadcasts()) {
            plain("@" + id.substring(1), 0, id.length());
            return;
        }
        if (id.startsWith("!subteam^") && !options.allowGroupMentions()) {
            // The group's name, visibly, with a word joiner after @ so that nobody in the group is notified.
            String label =
                    entity.group(2) == null ? "" : entity.group(2).substring(1).strip();
            String name = label.startsWith("@") ? label.substring(1) : label;
            String shown = "@\u2060" + (name.isEmpty() ? "group" : name);
            escaped(shown, 0, shown.length());
            return;
        }
        boundary();
        out.sb.append('<').append(id);
        String label = entity.group(2);
        if (label != null) {
            out.sb.append(label.replace("&", "&amp;"));
        }
        out.sb.append('>');
        closeAt = out.sb.length();
    }

    private void plain(String s, int from, int to) {
        if (from >= to) {
            return;
        }
        if (!options.allowBroadcasts() && s.indexOf('@', from) >= 0) {
            String part = s.substring(from, to);
            Matcher m = PLAIN_BROADCAST.matcher(part);
            if (m.find()) {
                // A word joiner after @ stops Slack from reading the word as a broadcast.
                part = m.replaceAll("@\u2060$1");
                escaped(part, 0, part.length());
                return;
            }
        }
        escaped(s, from, to);
    }

    private void escaped(String s, int from, int to) {
        StringBuilder sb = out.sb;
        if (closeAt == sb.length() && !md && Character.isLetterOrDigit(s.charAt(from))) {
            sb.append(spacing);
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ' '
                    && (sb.isEmpty() || sb.charAt(sb.length() - 1) == '\n' || sb.charAt(sb.length() - 1) == ' ')
                    && out.atLineStart()) {
                continue; // no leading spaces on a line: they would read as indentation
            }
            if (md) {
                markdownChar(s, i, c);
            } else {
                switch (c) {
                    case '&' -> sb.append("&amp;");
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '~' -> sb.append(strike > 0 || couldPair(s, i, to, '~') ? '∼' : '~');
                    case '*' -> sb.append(bold > 0 ? '∗' : '*');
                    case '`' -> backtick();
                    case '\n' -> {
                        lineBreak();
                        continue;
                    }
                    case '\r', '\u0000' -> {
                        continue;
                    }
                    default -> sb.append(c);
                }
            }
            if (c == ' ') {
                char prev = i > from ? s.charAt(i - 1) : ' ';
                out.mark(prev == '.' || prev == '!' || prev == '?' || prev == '。' ? Piece.SENTENCE : Piece.WORD);
            } else if (!Character.isHighSurrogate(c)) {
                out.maybeForce();
            }
        }
    }

    /** Whether a literal marker could pair with a later one into emphasis Slack would render. */
    private static boolean couldPair(String s, int i, int to, char marker) {
        if (i + 1 >= to || Character.isWhitespace(s.charAt(i + 1))) {
            return false;
        }
        for (int j = s.indexOf(marker, i + 1); j >= 0 && j < to; j = s.indexOf(marker, j + 1)) {
            if (!Character.isWhitespace(s.charAt(j - 1))) {
                return true;
            }
        }
        return false;
    }

    private void markdownChar(String s, int i, char c) {
        StringBuilder sb = out.sb;
        switch (c) {
            case '\\', '*', '_', '`', '[', ']', '~', '|' -> sb.append('\\').append(c);
            case '&' -> sb.append("&amp;");
            case '<' -> sb.append("&lt;");
            case '>' -> sb.append("&gt;");
            case '#', '-', '+', '=' -> {
                if (out.atLineStart()) {
                    sb.append('\\');
                }
                sb.append(c);
            }
            case '\n' -> lineBreak();
            case '\r', '\u0000' -> {}
            default -> sb.append(c);
        }
    }

    private static void escapeMarkdown(StringBuilder sb, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '[', ']', '*', '_', '`', '~' -> sb.append('\\').append(c);
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
    }

    /** The text of a node and its descendants, without any markup; iterative so deep nesting cannot overflow. */
    static String plainText(Node node) {
        StringBuilder sb = new StringBuilder();
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        for (Node c = node.getLastChild(); c != null; c = c.getPrevious()) {
            stack.push(c);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (n instanceof Code c) {
                sb.append(c.getLiteral());
            } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                sb.append(' ');
            } else if (n instanceof HtmlInline h) {
                if (ENTITY.matcher(h.getLiteral()).matches() || !Html.isMarkup(h.getLiteral())) {
                    sb.append(h.getLiteral());
                }
            } else if (n instanceof SlackSyntax.Entity e) {
                Matcher link = SlackSyntax.SLACK_LINK.matcher(e.raw);
                sb.append(link.matches() ? link.group(2) : e.raw);
            } else if (n instanceof FencedCodeBlock f) {
                sb.append(f.getLiteral());
            } else if (n instanceof IndentedCodeBlock ic) {
                sb.append(ic.getLiteral());
            } else if (n instanceof HtmlBlock hb) {
                sb.append(Html.strip(hb.getLiteral()));
            }
            for (Node c = n.getLastChild(); c != null; c = c.getPrevious()) {
                stack.push(c);
            }
            if (n.getNext() != null && n instanceof Paragraph) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /**
     * Enters one more level of nesting, to be left with {@code depth--}; past {@link #MAX_DEPTH}, shows {@code node}
     * as flat text instead and answers true, without entering.
     */
    private boolean flattenedTooDeep(Node node) {
        if (depth >= MAX_DEPTH) {
            flatText(node);
            return true;
        }
        depth++;
        return false;
    }

    private void flatText(Node node) {
        text(plainText(node).replace('\n', ' '));
    }

    private static String codeLiteral(Node block) {
        String code = block instanceof FencedCodeBlock f ? f.getLiteral() : ((IndentedCodeBlock) block).getLiteral();
        if (code == null) {
            return "";
        }
        code = code.replace("\r", "");
        return code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
    }

    private static boolean imageOnly(Paragraph paragraph) {
        boolean image = false;
        for (Node n = paragraph.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Image) {
                image = true;
            } else if (!(n instanceof SoftLineBreak
                    || n instanceof HardLineBreak
                    || n instanceof Text t && t.getLiteral().isBlank())) {
                return false;
            }
        }
        return image;
    }

    private static int longestRun(String s, char c) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == c ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}

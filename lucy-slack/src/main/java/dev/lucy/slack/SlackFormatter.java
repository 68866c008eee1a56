package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.Document;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Turns Markdown, as language models write it, into Slack messages that render correctly and respect Slack's
 * limits.
 *
 * <pre>{@code
 * List<SlackMessage> messages = SlackFormatter.defaults().format("## Summary\n**Done**: see PR https://github.com/acme/app/pull/42");
 * String text = messages.get(0).text(); // "*📝 Summary*\n\n*Done*: see PR <https://github.com/acme/app/pull/42|GitHub PR #42>"
 * }</pre>
 *
 * <p>The Markdown is parsed by commonmark-java with the GitHub extensions (tables, strikethrough, task lists,
 * autolinks), then rendered for the {@link Target} in {@link FormatOptions}. When one message is not enough the
 * result holds several, split at headings, dividers, paragraphs, lines or sentences, never inside code, a link
 * or emphasis; a code block that must be split is closed and reopened.
 *
 * <p>Thread safety: immutable and safe to share; {@link #format} may be called concurrently. It never throws on
 * any input and returns at least one message (an empty input gives one message with empty text); it only
 * throws {@link NullPointerException} for a null input or when a prose filter returns null.
 */
public final class SlackFormatter {
    /** Bounds on nesting so that pathological input ({@code >>>>>>...}) costs linear time and bounded stack. */
    private static final int MAX_OPEN_BLOCKS = 48;

    private static final int MAX_INLINE_NESTING = 24;

    private final FormatOptions options;
    private final Parser parser;
    private final Parser spanParser;

    private SlackFormatter(FormatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        List<Extension> extensions = List.of(
                TablesExtension.create(),
                StrikethroughExtension.builder().requireTwoTildes(true).build(),
                TaskListItemsExtension.create(),
                AutolinkExtension.create());
        this.parser = Parser.builder()
                .extensions(extensions)
                .customInlineContentParserFactory(new SlackSyntax())
                .maxOpenBlockParsers(MAX_OPEN_BLOCKS)
                .maxInlineNesting(MAX_INLINE_NESTING)
                .build();
        this.spanParser = options.proseFilters().isEmpty()
                ? parser
                : Parser.builder()
                        .extensions(extensions)
                        .customInlineContentParserFactory(new SlackSyntax())
                        .maxOpenBlockParsers(MAX_OPEN_BLOCKS)
                        .maxInlineNesting(MAX_INLINE_NESTING)
                        .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
                        .build();
    }

    /** A formatter with {@link FormatOptions#defaults()}: mrkdwn text within Slack's limits. */
    public static SlackFormatter defaults() {
        return new SlackFormatter(FormatOptions.defaults());
    }

    public static SlackFormatter of(FormatOptions options) {
        return new SlackFormatter(options);
    }

    public FormatOptions options() {
        return options;
    }

    /**
     * Formats Markdown into one or more Slack messages, in order.
     *
     * @param markdown the Markdown; any string is accepted
     * @return at least one message, each within the limits of {@link #options()}
     */
    public List<SlackMessage> format(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        String source = normalise(markdown);
        if (!options.proseFilters().isEmpty()) {
            source = ProseFilters.apply(ProseFilters.reserve(source), options.proseFilters(), spanParser);
        }
        Document document = (Document) parser.parse(source);
        List<SlackMessage> messages = switch (options.target()) {
            case MRKDWN -> text(document);
            case BLOCKS -> blocks(document);
            case MARKDOWN_BLOCK -> markdownBlocks(document);
        };
        return messages.isEmpty() ? List.of(SlackMessage.text("")) : messages;
    }

    /** The mrkdwn text of each message: {@code format(markdown)} for {@link Target#MRKDWN}, texts only. */
    public List<String> formatText(String markdown) {
        return format(markdown).stream().map(SlackMessage::text).toList();
    }

    private List<SlackMessage> text(Document document) {
        List<Piece> pieces = new Renderer(options, false, false).render(document);
        List<Packer.Unit> units = new ArrayList<>();
        for (Piece piece : pieces) {
            for (String part : Splitter.split(piece, options.maxTextChars())) {
                units.add(new Packer.Unit(piece.kind, part, "", part.length(), false));
            }
        }
        List<SlackMessage> messages = new ArrayList<>();
        for (List<Packer.Unit> message : new Packer(options.maxTextChars(), Integer.MAX_VALUE, 2).pack(units)) {
            messages.add(SlackMessage.text(join(message)));
        }
        return messages;
    }

    private List<SlackMessage> markdownBlocks(Document document) {
        boolean nativeTables = options.tables() == TableStyle.NATIVE;
        List<Piece> pieces = new Renderer(options, true, nativeTables).render(document);
        int limit = options.maxMarkdownChars();
        List<Packer.Unit> units = new ArrayList<>();
        for (Piece piece : pieces) {
            for (String part : Splitter.split(piece, limit)) {
                units.add(new Packer.Unit(piece.kind, part, "", part.length(), false));
            }
        }
        List<SlackMessage> messages = new ArrayList<>();
        for (List<Packer.Unit> message : new Packer(limit, Integer.MAX_VALUE, 2).pack(units)) {
            String markdown = join(message);
            StringBuilder json = new StringBuilder(markdown.length() + 40);
            json.append("[{\"type\":\"markdown\",\"text\":");
            Json.string(json, markdown);
            json.append("}]");
            messages.add(new SlackMessage(markdown, java.util.Optional.of(json.toString())));
        }
        return messages;
    }

    private List<SlackMessage> blocks(Document document) {
        List<Piece> pieces = new Renderer(options, false, false).render(document);
        BlockKit kit = new BlockKit(options);
        List<Packer.Unit> units = new ArrayList<>();
        for (Piece piece : pieces) {
            units.addAll(kit.units(piece));
        }
        units = kit.mergeSections(units);
        List<SlackMessage> messages = new ArrayList<>();
        Packer packer = new Packer(options.maxBlockTextChars(), options.maxBlocks(), 0);
        for (List<Packer.Unit> message : packer.pack(units)) {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < message.size(); i++) {
                json.append(i > 0 ? "," : "").append(message.get(i).blockJson());
            }
            json.append(']');
            messages.add(new SlackMessage(fallback(message), java.util.Optional.of(json.toString())));
        }
        return messages;
    }

    /** The notification text of a block message: its mrkdwn, or its first part when that is too long. */
    private String fallback(List<Packer.Unit> message) {
        String text = join(message);
        if (text.length() <= options.maxTextChars()) {
            return text;
        }
        String first = message.get(0).text();
        return first.length() <= options.maxTextChars() ? first : "";
    }

    private static String join(List<Packer.Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (Packer.Unit unit : units) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(unit.text());
        }
        return sb.toString();
    }

    /**
     * Control characters other than tab and newline, the byte order mark and the bidirectional overrides
     * (which can disguise text) are not text a reader should get.
     */
    private static boolean unwanted(char c) {
        return (c < 0x20 && c != '\n' && c != '\t' && c != '\u0000')
                || c == 0x7F
                || c == '\u202D'
                || c == '\u202E'
                || c == '\uFEFF';
    }

    /** Line endings to {@code \n}; lone surrogates (not valid text) to U+FFFD; unwanted controls removed. */
    static String normalise(String markdown) {
        String s = markdown.indexOf('\r') >= 0 ? markdown.replace("\r\n", "\n").replace('\r', '\n') : markdown;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            boolean drop = unwanted(c);
            if (sb == null && (lone || drop)) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null && !drop) {
                sb.append(lone ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}

package dev.lucy.slack;

import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.node.CustomNode;
import org.commonmark.parser.beta.InlineContentParser;
import org.commonmark.parser.beta.InlineContentParserFactory;
import org.commonmark.parser.beta.InlineParserState;
import org.commonmark.parser.beta.ParsedInline;
import org.commonmark.parser.beta.Position;
import org.commonmark.parser.beta.Scanner;

/**
 * Teaches the Markdown parser Slack's own angle-bracket syntax, which models copy from context: mentions
 * ({@code <@U123>}, {@code <#C123|general>}, {@code <!subteam^S1|@team>}), broadcasts and Slack-style links
 * ({@code <https://x|the docs>}). Without it these read as HTML, e-mail autolinks or plain text.
 */
final class SlackSyntax implements InlineContentParserFactory {
    static final Pattern SLACK_LINK = Pattern.compile("<((?:https?://|mailto:)[^<>|\\s]+)\\|([^<>\\n]+)>");
    private static final int MAX_LENGTH = 1_300;

    /** One piece of Slack syntax, kept verbatim for the renderer to check and pass through. */
    static final class Entity extends CustomNode {
        final String raw;

        Entity(String raw) {
            this.raw = raw;
        }
    }

    @Override
    public Set<Character> getTriggerCharacters() {
        return Set.of('<');
    }

    @Override
    public InlineContentParser create() {
        return SlackSyntax::tryParse;
    }

    private static ParsedInline tryParse(InlineParserState state) {
        Scanner scanner = state.scanner();
        Position start = scanner.position();
        scanner.next();
        char first = scanner.peek();
        if (first != '@' && first != '#' && first != '!' && first != 'h' && first != 'H' && first != 'm') {
            return ParsedInline.none();
        }
        for (int i = 0; i < MAX_LENGTH; i++) {
            char c = scanner.peek();
            if (c == '>') {
                scanner.next();
                Position end = scanner.position();
                String raw = scanner.getSource(start, end).getContent();
                if (Renderer.ENTITY.matcher(raw).matches()
                        || SLACK_LINK.matcher(raw).matches()) {
                    return ParsedInline.of(new Entity(raw), end);
                }
                return ParsedInline.none();
            }
            if (c == Scanner.END || c == '\n' || c == '<') {
                return ParsedInline.none();
            }
            scanner.next();
        }
        return ParsedInline.none();
    }
}

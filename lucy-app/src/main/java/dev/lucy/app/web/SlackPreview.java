package dev.lucy.app.web;

import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer as Slack would show it: formatted by lucy-slack exactly as the Slack port formats it, then the mrkdwn drawn
 * as HTML (bold, italic, strike, code, quotes, links, mentions) and the Block Kit JSON beside it. Every character of
 * the text is escaped but the tags drawn here, and links go only to {@code http(s)} addresses.
 */
final class SlackPreview {
    private static final Pattern LINK = Pattern.compile("<(https?://[^|>\\s\"]+)(?:\\|([^>]*))?>");
    private static final Pattern MENTION = Pattern.compile("<([@#!])([^>|]+)(?:\\|([^>]*))?>");
    private static final Pattern CODE = Pattern.compile("`([^`\n]+)`");
    private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*([^*\n]+)\\*(?![\\w*])");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w_])_([^_\n]+)_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("(?<![\\w~])~([^~\n]+)~(?![\\w~])");

    private final SlackFormatter formatter = SlackFormatter.defaults();

    /** {@code markdown} as the HTML of the Slack messages it becomes. */
    String html(String markdown) {
        StringBuilder out = new StringBuilder();
        for (SlackMessage message : formatter.format(markdown)) {
            out.append("<div class=\"slack-message\">")
                    .append(mrkdwn(message.text()))
                    .append("</div>");
            message.blocksJson()
                    .ifPresent(json -> out.append("<details><summary>Block Kit</summary><pre>")
                            .append(escape(json))
                            .append("</pre></details>"));
        }
        return out.toString();
    }

    static String mrkdwn(String text) {
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("```", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) {
                out.append("<pre>")
                        .append(entities(parts[i].replaceFirst("^\n", "")))
                        .append("</pre>");
            } else {
                out.append(inline(parts[i]));
            }
        }
        return out.toString();
    }

    private static String inline(String text) {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean quote = line.startsWith("&gt; ") || line.startsWith("> ");
            String body = quote ? line.substring(line.indexOf(' ') + 1) : line;
            String html = spans(body);
            if (!lines.isEmpty()) {
                lines.append("<br>");
            }
            lines.append(quote ? "<blockquote>" + html + "</blockquote>" : html);
        }
        return lines.toString();
    }

    private static String spans(String text) {
        // links and mentions first, while their angle brackets are still Slack's syntax
        StringBuilder out = new StringBuilder();
        Matcher link = LINK.matcher(text);
        int at = 0;
        while (link.find()) {
            out.append(styled(text.substring(at, link.start())));
            String url = link.group(1);
            String label = link.group(2) == null || link.group(2).isEmpty() ? url : link.group(2);
            out.append("<a href=\"")
                    .append(entities(url).replace("\"", "&quot;"))
                    .append("\" rel=\"noreferrer noopener\">")
                    .append(styled(label))
                    .append("</a>");
            at = link.end();
        }
        out.append(styled(text.substring(at)));
        return out.toString();
    }

    private static String styled(String text) {
        String s = MENTION.matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(
                        (m.group(1).equals("#") ? "#" : "@") + (m.group(3) != null ? m.group(3) : m.group(2))));
        s = entities(s);
        s = CODE.matcher(s).replaceAll("<code>$1</code>");
        s = BOLD.matcher(s).replaceAll("<strong>$1</strong>");
        s = ITALIC.matcher(s).replaceAll("<em>$1</em>");
        return STRIKE.matcher(s).replaceAll("<del>$1</del>");
    }

    /** Slack's text keeps {@code &amp; &lt; &gt;}; anything else that HTML would read as markup is escaped here. */
    private static String entities(String text) {
        return text.replaceAll("&(?!(amp|lt|gt|quot|#\\d+);)", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

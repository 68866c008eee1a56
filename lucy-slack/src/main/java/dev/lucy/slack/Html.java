package dev.lucy.slack;

import java.util.Locale;
import java.util.regex.Matcher;

/** Strips HTML to its text: tags, comments, scripts and styles go; Slack entities and line structure stay. */
final class Html {
    private Html() {}

    static String strip(String html) {
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher entity = Renderer.ENTITY.matcher(html).region(i, n);
                if (entity.lookingAt()) {
                    out.append(entity.group());
                    i = entity.end();
                    continue;
                }
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = html.indexOf('>', i + 1);
                if (end < 0 || !looksLikeTag(html, i + 1)) {
                    out.append(c); // a lone '<' is text; the renderer escapes it
                    i++;
                    continue;
                }
                String tag = tagName(html, i + 1);
                if (tag.equals("script") || tag.equals("style")) {
                    int close = html.toLowerCase(Locale.ROOT).indexOf("</" + tag, end);
                    int closeEnd = close < 0 ? -1 : html.indexOf('>', close);
                    i = closeEnd < 0 ? n : closeEnd + 1;
                    continue;
                }
                if (isBreaking(tag)) {
                    out.append('\n');
                }
                i = end + 1;
                continue;
            }
            if (c == '&') {
                int semi = html.indexOf(';', i);
                if (semi > i && semi - i <= 8) {
                    String name = html.substring(i + 1, semi);
                    String decoded = switch (name) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        case "apos", "#39" -> "'";
                        case "nbsp" -> " ";
                        default -> null;
                    };
                    if (decoded != null) {
                        out.append(decoded);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean looksLikeTag(String html, int at) {
        if (at >= html.length()) {
            return false;
        }
        char c = html.charAt(at);
        return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
    }

    private static String tagName(String html, int at) {
        int i = at;
        if (i < html.length() && html.charAt(i) == '/') {
            i++;
        }
        int start = i;
        while (i < html.length() && Character.isLetterOrDigit(html.charAt(i))) {
            i++;
        }
        return html.substring(start, i).toLowerCase(Locale.ROOT);
    }

    private static boolean isBreaking(String tag) {
        return switch (tag) {
            case "br",
                    "p",
                    "div",
                    "li",
                    "tr",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "ul",
                    "ol",
                    "table",
                    "pre",
                    "blockquote",
                    "hr",
                    "section",
                    "article" -> true;
            default -> false;
        };
    }
}

package dev.lucy.slack;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Strips HTML to its text: the tags of known HTML elements, comments, scripts and styles go; Slack entities and line
 * structure stay. Anything else in angle brackets is what a person wrote ({@code <your-token>}, {@code List<String>},
 * {@code <Enter>}, {@code <!DOCTYPE html>}) and stays as text, which the renderer escapes.
 */
final class Html {
    /** Elements whose tags are markup rather than words. */
    private static final Set<String> ELEMENTS = Set.of(
            "a",
            "abbr",
            "address",
            "article",
            "aside",
            "b",
            "big",
            "blockquote",
            "body",
            "br",
            "caption",
            "center",
            "cite",
            "code",
            "col",
            "colgroup",
            "dd",
            "del",
            "details",
            "dfn",
            "div",
            "dl",
            "dt",
            "em",
            "figcaption",
            "figure",
            "font",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "head",
            "header",
            "hr",
            "html",
            "i",
            "img",
            "ins",
            "kbd",
            "li",
            "main",
            "mark",
            "nav",
            "ol",
            "p",
            "pre",
            "q",
            "s",
            "samp",
            "script",
            "section",
            "small",
            "span",
            "strike",
            "strong",
            "style",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "tt",
            "u",
            "ul",
            "var",
            "wbr");

    private Html() {}

    /**
     * Whether {@code tag} (one whole tag as the Markdown parser cut it, starting with {@code <}) is markup to drop:
     * a comment, or an open or closing tag of a known element. Declarations, processing instructions and unknown
     * names are text.
     */
    static boolean isMarkup(String tag) {
        if (tag.startsWith("<!--")) {
            return true;
        }
        return tag.length() > 1
                && looksLikeTag(tag, 1)
                && tag.charAt(1) != '!'
                && tag.charAt(1) != '?'
                && isElement(tag, 1);
    }

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
                if (end < 0 || !looksLikeTag(html, i + 1) || !isElement(html, i + 1)) {
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

    /** Whether the tag starting after {@code <} at {@code at} names a known element, ended by space, / or >. */
    private static boolean isElement(String html, int at) {
        String name = tagName(html, at);
        int end = at + (html.charAt(at) == '/' ? 1 : 0) + name.length();
        if (name.isEmpty() || end >= html.length()) {
            return false;
        }
        char after = html.charAt(end);
        boolean ends = after == '>' || after == '/' || Character.isWhitespace(after);
        return ends && ELEMENTS.contains(name);
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

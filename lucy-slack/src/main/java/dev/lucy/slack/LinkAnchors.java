package dev.lucy.slack;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readable anchor text for a bare URL: "GitHub PR #42", "ENG-123 on Linear", "Google Sheet", else the host name.
 * Hosts are compared exactly (or as a dot-separated suffix for per-tenant hosts like {@code acme.atlassian.net}),
 * never as substrings, so {@code github.com.evil.example} is named by its own host.
 */
final class LinkAnchors {
    private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9]{0,9}-\\d{1,7}");
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{32}$");

    private LinkAnchors() {}

    static String anchor(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return url;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("mailto")) {
            String address = uri.getSchemeSpecificPart();
            return address == null || address.isEmpty() ? url : address;
        }
        String host = uri.getHost();
        if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return url;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String bare = host.startsWith("www.") ? host.substring(4) : host;
        String[] path = segments(uri.getRawPath());
        return known(bare, path, uri.getRawQuery()).orElse(bare);
    }

    private static Optional<String> known(String host, String[] p, String query) {
        switch (host) {
            case "github.com" -> {
                return Optional.of(github(p));
            }
            case "linear.app" -> {
                if (p.length >= 3
                        && p[1].equals("issue")
                        && ISSUE_KEY.matcher(p[2]).matches()) {
                    return Optional.of(p[2] + " on Linear");
                }
                return Optional.of("Linear");
            }
            case "docs.google.com" -> {
                String kind = p.length > 0 ? p[0] : "";
                return Optional.of(
                        switch (kind) {
                            case "document" -> "Google Doc";
                            case "spreadsheets" -> "Google Sheet";
                            case "presentation" -> "Google Slides";
                            case "forms" -> "Google Form";
                            default -> "Google Docs";
                        });
            }
            case "drive.google.com" -> {
                boolean folder = p.length >= 2 && p[0].equals("drive") && contains(p, "folders");
                return Optional.of(folder ? "Google Drive folder" : "Google Drive file");
            }
            case "notion.so" -> {
                return Optional.of(notion(p));
            }
            case "figma.com" -> {
                if (p.length >= 3 && (p[0].equals("file") || p[0].equals("design") || p[0].equals("proto"))) {
                    return Optional.of(words(p[2]) + " on Figma");
                }
                return Optional.of("Figma");
            }
            default -> {
                if (host.endsWith(".notion.site")) {
                    return Optional.of(notion(p));
                }
                if (host.endsWith(".atlassian.net")) {
                    return Optional.of(atlassian(p, query));
                }
                return Optional.empty();
            }
        }
    }

    private static String github(String[] p) {
        if (p.length >= 4 && p[3].matches("\\d{1,9}")) {
            switch (p[2]) {
                case "pull" -> {
                    return "GitHub PR #" + p[3];
                }
                case "issues" -> {
                    return "GitHub issue #" + p[3];
                }
                case "discussions" -> {
                    return "GitHub discussion #" + p[3];
                }
                default -> {}
            }
        }
        if (p.length >= 4 && p[2].equals("commit") && p[3].matches("[0-9a-fA-F]{7,40}")) {
            return "GitHub commit " + p[3].substring(0, 7).toLowerCase(Locale.ROOT);
        }
        if (p.length >= 2) {
            return p[0] + "/" + p[1] + " on GitHub";
        }
        return p.length == 1 ? p[0] + " on GitHub" : "GitHub";
    }

    private static String notion(String[] p) {
        if (p.length == 0) {
            return "Notion";
        }
        String last = p[p.length - 1];
        Matcher id = HEX_ID.matcher(last);
        if (id.find()) {
            String title = last.substring(0, id.start());
            if (title.endsWith("-")) {
                title = title.substring(0, title.length() - 1);
            }
            if (!title.isEmpty()) {
                return words(title) + " on Notion";
            }
        }
        return "Notion page";
    }

    private static String atlassian(String[] p, String query) {
        if (p.length >= 1 && p[0].equals("wiki")) {
            int pages = indexOf(p, "pages");
            if (pages >= 0 && pages + 2 < p.length) {
                return words(p[pages + 2]) + " on Confluence";
            }
            return "Confluence page";
        }
        for (String segment : p) {
            if (ISSUE_KEY.matcher(segment).matches()) {
                return segment + " on Jira";
            }
        }
        if (query != null) {
            Matcher key = Pattern.compile("selectedIssue=(" + ISSUE_KEY.pattern() + ")")
                    .matcher(query);
            if (key.find()) {
                return key.group(1) + " on Jira";
            }
        }
        return "Jira";
    }

    private static String words(String slug) {
        String decoded;
        try {
            decoded = URLDecoder.decode(slug, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = slug;
        }
        String text =
                decoded.replace('-', ' ').replace('+', ' ').replace('_', ' ').strip();
        if (text.length() > 80) {
            text = text.substring(0, 79).strip() + "…";
        }
        return text.isEmpty() ? "untitled" : text;
    }

    private static String[] segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return new String[0];
        }
        return java.util.Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static boolean contains(String[] p, String value) {
        return indexOf(p, value) >= 0;
    }

    private static int indexOf(String[] p, String value) {
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(value)) {
                return i;
            }
        }
        return -1;
    }
}

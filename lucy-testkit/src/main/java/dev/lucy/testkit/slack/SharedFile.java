package dev.lucy.testkit.slack;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A file a simulated person attaches to a message, as Slack would store it: a name, a MIME type and the bytes. The
 * simulator serves the bytes at the file's {@code url_private_download}, to the bot token only.
 *
 * @param name the file name, with its extension
 * @param mimetype the MIME type Slack reports ({@code text/csv}, {@code application/pdf}, {@code image/png}...)
 * @param content the bytes
 */
public record SharedFile(String name, String mimetype, byte[] content) {
    public SharedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimetype, "mimetype");
        content = Objects.requireNonNull(content, "content").clone();
        if (name.isBlank()) {
            throw new IllegalArgumentException("a shared file needs a name");
        }
    }

    /** A file with {@code bytes}. */
    public static SharedFile of(String name, String mimetype, byte[] bytes) {
        return new SharedFile(name, mimetype, bytes);
    }

    /** A text file (CSV, Markdown, JSON, plain text) in UTF-8. */
    public static SharedFile text(String name, String mimetype, String text) {
        return new SharedFile(name, mimetype, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Slack's short type name: the extension in lower case ({@code csv}, {@code pdf}, {@code png}), else binary. */
    public String filetype() {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return "binary";
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "md" -> "markdown";
            case "txt" -> "text";
            default -> ext;
        };
    }
}

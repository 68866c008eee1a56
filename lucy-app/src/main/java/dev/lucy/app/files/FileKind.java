package dev.lucy.app.files;

import java.util.Locale;
import java.util.Optional;

/** The kinds of file Lucy reads; the names are what {@code LUCY_FILES_TYPES} lists. */
public enum FileKind {
    /** Plain text, logs. */
    TEXT,
    MARKDOWN,
    CSV,
    JSON,
    PDF,
    /** Word ({@code .docx}) and PowerPoint ({@code .pptx}) documents. */
    OFFICE,
    /** PNG, JPEG, GIF and WebP pictures. */
    IMAGE;

    /** The kind of a file from its MIME type, Slack's file type and its name; empty when Lucy does not read it. */
    public static Optional<FileKind> of(FileRef file) {
        String mime = file.mimetype().toLowerCase(Locale.ROOT);
        String type = file.filetype().toLowerCase(Locale.ROOT);
        String name = file.name().toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1);
        if (mime.equals("application/pdf") || type.equals("pdf") || ext.equals("pdf")) {
            return Optional.of(PDF);
        }
        if (mime.equals("text/csv") || type.equals("csv") || ext.equals("csv") || ext.equals("tsv")) {
            return Optional.of(CSV);
        }
        if (mime.equals("application/json") || type.equals("json") || ext.equals("json")) {
            return Optional.of(JSON);
        }
        if (mime.equals("text/markdown") || type.equals("markdown") || ext.equals("md")) {
            return Optional.of(MARKDOWN);
        }
        if (mime.startsWith("image/")
                && (mime.endsWith("png") || mime.endsWith("jpeg") || mime.endsWith("gif") || mime.endsWith("webp"))) {
            return Optional.of(IMAGE);
        }
        if (ext.equals("docx") || ext.equals("pptx") || type.equals("docx") || type.equals("pptx")) {
            return Optional.of(OFFICE);
        }
        if (mime.startsWith("text/") || type.equals("text") || ext.equals("txt") || ext.equals("log")) {
            return Optional.of(TEXT);
        }
        return Optional.empty();
    }
}

package dev.lucy.app.files;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What Lucy reads of the files people share, and when a long answer goes out as a file. Immutable; build with
 * {@link #builder()}, start from {@link #defaults()}.
 *
 * @param maxBytes {@code LUCY_FILES_MAX_BYTES}: larger files are not downloaded, and the person is told
 * @param maxChars {@code LUCY_FILES_MAX_CHARS}: the text of one file given to the model; the rest is cut with a marker
 * @param allowed {@code LUCY_FILES_TYPES}: the kinds of file Lucy reads; any other is told as one it does not read
 * @param vision {@code LUCY_MODEL_VISION}: the model takes images; otherwise an image is described as one Lucy
 *     cannot see
 * @param readTimeout the longest one file's download and extraction may take
 * @param answerFileChars an answer longer than this goes out as a Markdown file with a short message
 * @param tableFileRows a table with more rows than this goes out as a CSV file
 * @param codeFileChars a code block longer than this goes out as a text snippet
 */
public record FilesConfig(
        long maxBytes,
        int maxChars,
        Set<FileKind> allowed,
        boolean vision,
        Duration readTimeout,
        int answerFileChars,
        int tableFileRows,
        int codeFileChars) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_CHARS = 20_000;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    /** Slack renders about 12,000 characters of Markdown in one message; well below that reads better. */
    public static final int DEFAULT_ANSWER_FILE_CHARS = 8_000;
    /** Slack's table block takes 100 rows; a table much past a screen is better as a file. */
    public static final int DEFAULT_TABLE_FILE_ROWS = 40;

    public static final int DEFAULT_CODE_FILE_CHARS = 3_000;

    public FilesConfig {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        if (maxChars < 100) {
            throw new IllegalArgumentException("maxChars must be at least 100, was " + maxChars);
        }
        allowed = Set.copyOf(Objects.requireNonNull(allowed, "allowed"));
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        if (answerFileChars < 500 || tableFileRows < 2 || codeFileChars < 200) {
            throw new IllegalArgumentException("answerFileChars, tableFileRows and codeFileChars are too small");
        }
    }

    public static FilesConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxBytes = maxBytes;
        b.maxChars = maxChars;
        b.allowed = EnumSet.copyOf(allowed.isEmpty() ? EnumSet.noneOf(FileKind.class) : allowed);
        b.vision = vision;
        b.readTimeout = readTimeout;
        b.answerFileChars = answerFileChars;
        b.tableFileRows = tableFileRows;
        b.codeFileChars = codeFileChars;
        return b;
    }

    /** Builds a {@link FilesConfig}; every setting has a default. */
    public static final class Builder {
        private long maxBytes = DEFAULT_MAX_BYTES;
        private int maxChars = DEFAULT_MAX_CHARS;
        private Set<FileKind> allowed = EnumSet.allOf(FileKind.class);
        private boolean vision;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int answerFileChars = DEFAULT_ANSWER_FILE_CHARS;
        private int tableFileRows = DEFAULT_TABLE_FILE_ROWS;
        private int codeFileChars = DEFAULT_CODE_FILE_CHARS;

        private Builder() {}

        /** Default {@value #DEFAULT_MAX_BYTES} bytes (10 MB). */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /** Default {@value #DEFAULT_MAX_CHARS}. */
        public Builder maxChars(int maxChars) {
            this.maxChars = maxChars;
            return this;
        }

        /** Default every {@link FileKind}. */
        public Builder allowed(Set<FileKind> allowed) {
            this.allowed = Set.copyOf(allowed);
            return this;
        }

        /** Default false: images are described, not shown to the model. */
        public Builder vision(boolean vision) {
            this.vision = vision;
            return this;
        }

        /** Default 20 seconds. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        public Builder answerFileChars(int chars) {
            this.answerFileChars = chars;
            return this;
        }

        public Builder tableFileRows(int rows) {
            this.tableFileRows = rows;
            return this;
        }

        public Builder codeFileChars(int chars) {
            this.codeFileChars = chars;
            return this;
        }

        public FilesConfig build() {
            return new FilesConfig(
                    maxBytes, maxChars, allowed, vision, readTimeout, answerFileChars, tableFileRows, codeFileChars);
        }
    }
}

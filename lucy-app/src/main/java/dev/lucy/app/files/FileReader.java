package dev.lucy.app.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Turns a downloaded file into what the model is given: text (cut at {@link FilesConfig#maxChars()} with a marker
 * saying what was cut; rows and columns for a CSV), an image, or the reason it cannot be read, in words for the
 * person. Bounded: a PDF is read for at most {@value #MAX_PDF_PAGES} pages with its streams cached in temporary
 * files, an Office document's XML is inflated to at most {@link #maxInflated()} bytes (a zip bomb stops there).
 * Stateless and thread safe; never throws for a bad file.
 */
public final class FileReader {
    static final int MAX_PDF_PAGES = 300;

    private static final Pattern OFFICE_TEXT = Pattern.compile("<(w|a):t(?:\\s[^>]*)?>([^<]*)</\\1:t>|</(w|a):p>");
    private static final Pattern OFFICE_PART = Pattern.compile("word/document\\.xml|ppt/slides/slide\\d+\\.xml");

    private final FilesConfig config;

    public FileReader(FilesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** What a file holds for the model. */
    public sealed interface Reading {
        /** Text, already cut to size, led by a line that says what it is. */
        record Text(String text) implements Reading {}

        /** A picture, for a model that takes images. */
        record Picture(String mimetype, byte[] bytes) implements Reading {}

        /** The file cannot be read; {@code why} finishes "I could not read report.pdf: ...". */
        record Unreadable(String why) implements Reading {}
    }

    public Reading read(FileRef file, FileKind kind, byte[] bytes) {
        try {
            return switch (kind) {
                case TEXT, MARKDOWN, JSON -> new Reading.Text(cut(kindName(kind), decode(bytes)));
                case CSV ->
                    new Reading.Text(csv(
                            decode(bytes), file.name().toLowerCase(Locale.ROOT).endsWith(".tsv")));
                case PDF -> pdf(bytes);
                case OFFICE -> office(bytes);
                case IMAGE -> new Reading.Picture(file.mimetype(), bytes);
            };
        } catch (CharacterCodingException e) {
            return new Reading.Unreadable("it is not text I can read (it may be in another encoding or binary)");
        } catch (RuntimeException | IOException e) {
            return new Reading.Unreadable("it looks damaged, and I could not read it");
        }
    }

    private static String kindName(FileKind kind) {
        return switch (kind) {
            case MARKDOWN -> "Markdown";
            case JSON -> "JSON";
            default -> "text";
        };
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                .toString();
    }

    /** The text, or its head and a marker saying how much was cut. */
    String cut(String what, String text) {
        int lines = text.isEmpty() ? 0 : (int) text.lines().count();
        if (text.length() <= config.maxChars()) {
            return "(" + what + ", " + lines + " lines)\n" + text;
        }
        String head = text.substring(0, lastBreak(text, config.maxChars()));
        int shownLines = (int) head.lines().count();
        return "(" + what + ", " + lines + " lines; only the first " + shownLines + " are shown)\n" + head
                + "\n[... cut here: " + (text.length() - head.length()) + " more characters, "
                + Math.max(0, lines - shownLines) + " more lines not shown ...]";
    }

    private static int lastBreak(String text, int limit) {
        int nl = text.lastIndexOf('\n', limit);
        return nl > limit / 2 ? nl : limit;
    }

    /** A CSV: its size in rows and columns and its header, then as many rows as fit. */
    String csv(String text, boolean tabs) {
        List<String> rows = text.lines().filter(l -> !l.isBlank()).toList();
        int columns = rows.isEmpty() ? 0 : fields(rows.get(0), tabs ? '\t' : ',');
        StringBuilder shown = new StringBuilder();
        int shownRows = 0;
        for (String row : rows) {
            if (shown.length() + row.length() + 1 > config.maxChars()) {
                break;
            }
            shown.append(row).append('\n');
            shownRows++;
        }
        int dataRows = Math.max(0, rows.size() - 1);
        StringBuilder out = new StringBuilder("(CSV, ")
                .append(dataRows)
                .append(" rows of data and a header row, ")
                .append(columns)
                .append(" columns");
        if (shownRows < rows.size()) {
            out.append("; only the header and the first ")
                    .append(Math.max(0, shownRows - 1))
                    .append(" rows are shown");
        }
        out.append(")\n").append(shown);
        if (shownRows < rows.size()) {
            out.append("[... cut here: ")
                    .append(rows.size() - shownRows)
                    .append(" more rows of ")
                    .append(columns)
                    .append(" columns not shown ...]");
        }
        return out.toString();
    }

    /** Fields in one CSV line, quotes respected. */
    static int fields(String line, char separator) {
        int count = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                count++;
            }
        }
        return count;
    }

    private Reading pdf(byte[] bytes) throws IOException {
        try (PDDocument document = Loader.loadPDF(
                new RandomAccessReadBuffer(bytes),
                "",
                null,
                null,
                org.apache.pdfbox.io.IOUtils.createTempFileOnlyStreamCache())) {
            int pages = document.getNumberOfPages();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setEndPage(Math.min(pages, MAX_PDF_PAGES));
            String text = stripper.getText(document).strip();
            if (text.isEmpty()) {
                return new Reading.Unreadable("it has no text I can read (it may be scanned pages)");
            }
            String what = "PDF, " + pages + (pages == 1 ? " page" : " pages")
                    + (pages > MAX_PDF_PAGES ? ", only the first " + MAX_PDF_PAGES + " read" : "");
            return new Reading.Text(cut(what, text));
        } catch (InvalidPasswordException e) {
            return new Reading.Unreadable("it is protected with a password");
        }
    }

    /** The most an Office document's XML may inflate to: a zip bomb stops here. */
    long maxInflated() {
        return Math.max(config.maxChars() * 40L, 8L * 1024 * 1024);
    }

    private Reading office(byte[] bytes) throws IOException {
        StringBuilder text = new StringBuilder();
        long inflated = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            List<String> parts = new ArrayList<>();
            while ((entry = zip.getNextEntry()) != null) {
                if (!OFFICE_PART.matcher(entry.getName()).matches()) {
                    continue;
                }
                byte[] xml = readBounded(zip, maxInflated() - inflated);
                if (xml == null) {
                    return new Reading.Unreadable("it unpacks to far more than its size, so I stopped reading it");
                }
                inflated += xml.length;
                parts.add(entry.getName());
                Matcher m = OFFICE_TEXT.matcher(new String(xml, StandardCharsets.UTF_8));
                while (m.find()) {
                    text.append(m.group(2) != null ? unescape(m.group(2)) : "\n");
                }
                text.append('\n');
            }
            if (parts.isEmpty()) {
                return new Reading.Unreadable("it is not a Word or PowerPoint document I can read");
            }
        }
        String body = text.toString().replaceAll("\n{3,}", "\n\n").strip();
        if (body.isEmpty()) {
            return new Reading.Unreadable("it has no text I can read");
        }
        return new Reading.Text(cut("document", body));
    }

    /** The entry's bytes, or null when it holds more than {@code limit}. */
    private static byte[] readBounded(InputStream in, long limit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + (long) n > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}

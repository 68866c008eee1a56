package dev.lucy.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class FileReaderTest {
    private final FileReader reader =
            new FileReader(FilesConfig.builder().maxChars(1_000).build());

    private static FileRef file(String name, String mimetype) {
        return new FileRef("F1", name, mimetype, "", 10, "https://files.slack.com/F1");
    }

    private FileReader.Reading read(String name, String mimetype, byte[] bytes) {
        FileRef ref = file(name, mimetype);
        return reader.read(ref, FileKind.of(ref).orElseThrow(), bytes);
    }

    @Test
    void a_long_csv_is_cut_with_its_size_in_rows_and_columns_and_a_marker() {
        String csv = "id,name,team\n"
                + IntStream.range(0, 500)
                        .mapToObj(i -> i + ",person " + i + ",ops")
                        .collect(Collectors.joining("\n"));

        String text =
                ((FileReader.Reading.Text) read("people.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8))).text();

        assertThat(text)
                .startsWith("(CSV, 500 rows of data and a header row, 3 columns; only the header and the first");
        assertThat(text).contains("id,name,team\n0,person 0,ops");
        assertThat(text).containsPattern("\\[\\.\\.\\. cut here: \\d+ more rows of 3 columns not shown \\.\\.\\.]");
        assertThat(text.length()).isLessThan(1_300);
    }

    @Test
    void long_text_is_cut_at_a_line_with_a_marker_saying_how_much_is_left() {
        String log = IntStream.range(0, 200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));

        String text =
                ((FileReader.Reading.Text) read("app.log", "text/plain", log.getBytes(StandardCharsets.UTF_8))).text();

        assertThat(text).startsWith("(text, 200 lines; only the first").contains("line 0\nline 1");
        assertThat(text)
                .containsPattern("\\[\\.\\.\\. cut here: \\d+ more characters, \\d+ more lines not shown \\.\\.\\.]");
        assertThat(text).doesNotContain("line 199");
    }

    @Test
    void a_file_that_is_not_utf8_text_is_unreadable_not_garbled() {
        assertThat(read("data.txt", "text/plain", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}))
                .isInstanceOf(FileReader.Reading.Unreadable.class);
    }

    @Test
    void a_word_document_gives_its_paragraphs() throws IOException {
        byte[] docx = zip(
                "word/document.xml",
                "<w:document><w:body><w:p><w:r><w:t>Launch on May 2</w:t></w:r></w:p>"
                        + "<w:p><w:r><w:t xml:space=\"preserve\">Budget &amp; staffing</w:t></w:r></w:p></w:body></w:document>");

        String text = ((FileReader.Reading.Text) read("plan.docx", "application/octet-stream", docx)).text();

        assertThat(text).contains("Launch on May 2\nBudget & staffing");
    }

    @Test
    void a_document_that_inflates_past_the_bound_is_refused_rather_than_read() throws IOException {
        String huge = "<w:t>" + "a".repeat((int) reader.maxInflated()) + "</w:t>";
        byte[] bomb = zip("word/document.xml", huge);
        assertThat(bomb.length).isLessThan(100_000); // small on the wire, large once unpacked

        assertThat(read("bomb.docx", "application/octet-stream", bomb))
                .isEqualTo(new FileReader.Reading.Unreadable(
                        "it unpacks to far more than its size, so I stopped reading it"));
    }

    @Test
    void a_damaged_pdf_is_told_as_damaged() {
        assertThat(read("broken.pdf", "application/pdf", "%PDF-1.7 not really".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new FileReader.Reading.Unreadable("it looks damaged, and I could not read it"));
    }

    @Test
    void kinds_follow_the_mime_type_slacks_file_type_or_the_extension() {
        assertThat(FileKind.of(file("a.csv", ""))).contains(FileKind.CSV);
        assertThat(FileKind.of(file("report", "application/pdf"))).contains(FileKind.PDF);
        assertThat(FileKind.of(file("notes.md", "text/plain"))).contains(FileKind.MARKDOWN);
        assertThat(FileKind.of(file("photo.jpg", "image/jpeg"))).contains(FileKind.IMAGE);
        assertThat(FileKind.of(file("deck.pptx", ""))).contains(FileKind.OFFICE);
        assertThat(FileKind.of(file("archive.zip", "application/zip"))).isEmpty();
        assertThat(FileKind.of(file("drawing.svg", "image/svg+xml"))).isEmpty();
    }

    private static byte[] zip(String entry, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}

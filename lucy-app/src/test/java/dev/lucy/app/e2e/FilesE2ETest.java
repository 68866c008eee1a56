package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.files.FilesConfig;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.slack.SharedFile;
import dev.lucy.testkit.slack.SlackMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files through the whole bot: what people share with Lucy is downloaded from Slack with the bot token and given to
 * the model (the scripted model's requests show it), a file Lucy cannot read is told in the thread, and an answer
 * with a long table arrives as a short message and a CSV file in the thread.
 */
class FilesE2ETest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .app(app -> app.files(FilesConfig.builder().maxBytes(64 * 1024).build()));

    @Test
    void a_csv_shared_in_a_mention_is_answered_from_its_content() {
        lucy.model().script(Script.answer("South sold the most: 340."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(
                        CHANNEL,
                        "which region sold the most?",
                        SharedFile.text("sales.csv", "text/csv", "region,amount\nNorth,120\nSouth,340\nEast,95\n"));

        assertThat(lucy.awaitAnswer(question, text -> text.contains("South")).text())
                .isEqualTo("South sold the most: 340.");
        String asked = lastUserText();
        assertThat(asked)
                .startsWith("which region sold the most?")
                .contains("[File: sales.csv]")
                .contains("3 rows of data and a header row, 2 columns")
                .contains("South,340");
        assertThat(lucy.slack().fileDownloads(question.fileIds().get(0))).isEqualTo(1);
    }

    @Test
    void a_follow_up_in_the_thread_is_answered_with_the_file_shared_earlier() {
        lucy.model().script(Script.answer("North sold 120."));
        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(
                        CHANNEL,
                        "how much did North sell?",
                        SharedFile.text("sales.csv", "text/csv", "region,amount\nNorth,120\nSouth,340\n"));
        lucy.awaitAnswer(question, text -> text.contains("North sold"));
        lucy.model().script(Script.answer("South sold 340."));

        SlackMessage followUp = lucy.user("alice").repliesTo(question, "and South?");

        lucy.awaitAnswer(followUp, text -> text.contains("South sold"));
        assertThat(lastUserText())
                .startsWith("and South?")
                .contains("[File shared earlier in this thread: sales.csv]")
                .contains("South,340");
    }

    @Test
    void a_pdf_sent_in_a_direct_message_is_answered_from_its_text() throws IOException {
        lucy.model().script(Script.answer("Revenue grew 12 percent in the quarter."));

        SlackMessage question = lucy.user("bob")
                .dmsBotWith(
                        "what does the report say about revenue?",
                        SharedFile.of(
                                "q3-report.pdf",
                                "application/pdf",
                                pdf("Quarterly revenue grew 12 percent", "Costs stayed flat", null)));

        assertThat(lucy.awaitAnswer(question, text -> text.contains("12 percent"))
                        .text())
                .contains("Revenue grew 12 percent");
        assertThat(lastUserText())
                .contains("[File: q3-report.pdf]")
                .contains("PDF, 1 page")
                .contains("Quarterly revenue grew 12 percent")
                .contains("Costs stayed flat");
    }

    @Test
    void a_file_alone_with_an_empty_mention_still_reaches_the_model() {
        lucy.model().script(Script.answer("These are the team's on-call notes."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(
                        CHANNEL, "", SharedFile.text("notes.md", "text/markdown", "# On-call\n\nPage Dana first.\n"));

        lucy.awaitAnswer(question, text -> text.contains("on-call notes"));
        assertThat(lastUserText()).contains("Page Dana first.");
    }

    @Test
    void an_image_shared_with_a_model_that_cannot_see_is_described_as_such() {
        lucy.model().script(Script.answer("I cannot see the picture, but the chart's numbers would help."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(CHANNEL, "what does this chart show?", SharedFile.of("chart.png", "image/png", PNG));

        lucy.awaitAnswer(question, text -> text.contains("cannot see"));
        ModelRequest request = lucy.model().lastRequest().orElseThrow();
        assertThat(request.lastUserText().orElseThrow())
                .contains("[File: chart.png]")
                .contains("an image Lucy cannot see");
        assertThat(request.body()).doesNotContain("image_url");
    }

    @Test
    void a_file_lucy_cannot_read_is_told_in_the_thread() throws IOException {
        lucy.model().script(Script.answer("I could not open the files, so I cannot say."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(
                        CHANNEL,
                        "what is in these?",
                        SharedFile.of("payroll.pdf", "application/pdf", pdf("Salaries", "", "s3cret")),
                        SharedFile.of("dump.bin", "application/octet-stream", new byte[] {1, 2, 3}));

        SlackMessage told = lucy.slack()
                .await(
                        "Lucy to say it could not read the PDF",
                        WAIT,
                        () -> lucy.botMessages(question).stream()
                                .filter(m -> m.text().contains("payroll.pdf"))
                                .findFirst());
        assertThat(told.text()).isEqualTo("I could not read payroll.pdf: it is protected with a password.");
        lucy.awaitAnswer(question, text -> text.contains("cannot say"));
        assertThat(lucy.botMessages(question))
                .extracting(SlackMessage::text)
                .contains("I could not read dump.bin: I do not read that kind of file (bin).");
        assertThat(lastUserText()).contains("(this file could not be read: it is protected with a password.");
    }

    @Test
    void a_file_too_large_is_told_and_never_downloaded() {
        lucy.model().script(Script.answer("The file was too large for me to read."));
        String rows =
                IntStream.range(0, 5_000).mapToObj(i -> i + ",row " + i).reduce("id,name", (a, b) -> a + "\n" + b);

        SlackMessage question =
                lucy.user("bob").mentionsBotWith(CHANNEL, "sum the ids", SharedFile.text("big.csv", "text/csv", rows));

        SlackMessage told = lucy.slack()
                .await(
                        "Lucy to say the file is too large",
                        WAIT,
                        () -> lucy.botMessages(question).stream()
                                .filter(m -> m.text().contains("big.csv"))
                                .findFirst());
        assertThat(told.text()).matches("I could not read big\\.csv: it is \\d+ KB, and I read files up to 64 KB\\.");
        lucy.awaitAnswer(question, text -> text.contains("too large"));
        assertThat(lucy.slack().fileDownloads(question.fileIds().get(0))).isZero();
    }

    @Test
    void a_long_table_in_an_answer_is_delivered_as_a_csv_file_in_the_thread() {
        List<String> rows = IntStream.rangeClosed(1, 60)
                .mapToObj(i -> "| customer-" + i + " | " + (i * 10) + " |")
                .toList();
        String table = "| Customer | Orders |\n|---|---|\n" + String.join("\n", rows);
        lucy.model().script(Script.answer("Here are the orders by customer.\n\n" + table));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "list the orders of every customer");

        SlackMessage withFile = lucy.slack()
                .await(
                        "Lucy's file in the thread",
                        WAIT,
                        () -> lucy.botMessages(question).stream()
                                .filter(m -> !m.fileIds().isEmpty())
                                .findFirst());
        String csv =
                new String(lucy.slack().fileContent(withFile.fileIds().get(0)).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList())
                .hasSize(61)
                .startsWith("Customer,Orders", "customer-1,10")
                .endsWith("customer-60,600");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("table-1.csv"));
        assertThat(answer.text())
                .contains("Here are the orders by customer.")
                .contains("customer-5")
                .doesNotContain("customer-6 ")
                .contains("The first 5 of 60 rows; the whole table is in the attached file");
        assertThat(lucy.slack().calls("files.completeUploadExternal")).hasSize(1);
        assertThat(lucy.slack().calls("files.completeUploadExternal").get(0).arguments())
                .containsEntry("thread_ts", question.ts());
    }

    private String lastUserText() {
        return lucy.model().lastRequest().orElseThrow().lastUserText().orElseThrow();
    }

    /** A one-page PDF with two lines of text, protected by {@code password} when one is given. */
    static byte[] pdf(String line1, String line2, String password) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line1);
                content.newLineAtOffset(0, -20);
                content.showText(line2);
                content.endText();
            }
            if (password != null) {
                StandardProtectionPolicy policy =
                        new StandardProtectionPolicy("owner", password, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}

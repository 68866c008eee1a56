package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus document rendered for every target matches its reviewed expected output, and is valid.
 *
 * <p>After an intended change, regenerate the expected files with {@code -Dlucy.golden.update=true}, then read
 * the diff before committing it: the diff is the review.
 */
class GoldenCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path EXPECTED = CORPUS.resolve("expected");
    private static final boolean UPDATE = Boolean.getBoolean("lucy.golden.update");
    static final String MESSAGE_BREAK = "\n\n<<< next message >>>\n\n";

    private static final FormatOptions MRKDWN = FormatOptions.defaults();
    private static final FormatOptions BLOCKS =
            FormatOptions.builder().target(Target.BLOCKS).build();
    private static final FormatOptions MARKDOWN =
            FormatOptions.builder().target(Target.MARKDOWN_BLOCK).build();

    static List<Path> documents() {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> corpus_renders_as_reviewed_for_every_target() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).hasSizeGreaterThanOrEqualTo(150);
        Files.createDirectories(EXPECTED);
        return documents.stream()
                .map(doc -> DynamicTest.dynamicTest(doc.getFileName().toString(), () -> check(doc)));
    }

    private static void check(Path doc) throws IOException {
        String markdown = Files.readString(doc, StandardCharsets.UTF_8);
        String name = doc.getFileName().toString().replaceFirst("\\.md$", "");
        List<SlackMessage> mrkdwn = SlackFormatter.of(MRKDWN).format(markdown);
        List<SlackMessage> blocks = SlackFormatter.of(BLOCKS).format(markdown);
        List<SlackMessage> markdownBlocks = SlackFormatter.of(MARKDOWN).format(markdown);
        assertThat(Validity.problems(mrkdwn, MRKDWN)).as("mrkdwn of %s", name).isEmpty();
        assertThat(Validity.problems(blocks, BLOCKS)).as("blocks of %s", name).isEmpty();
        assertThat(Validity.problems(markdownBlocks, MARKDOWN))
                .as("markdown block of %s", name)
                .isEmpty();
        compare(
                EXPECTED.resolve(name + ".mrkdwn.txt"),
                mrkdwn.stream().map(SlackMessage::text).collect(Collectors.joining(MESSAGE_BREAK)) + "\n");
        compare(EXPECTED.resolve(name + ".blocks.jsonl"), jsonLines(blocks));
        compare(EXPECTED.resolve(name + ".markdown.jsonl"), jsonLines(markdownBlocks));
    }

    private static String jsonLines(List<SlackMessage> messages) {
        return messages.stream().map(SlackMessage::toJson).collect(Collectors.joining("\n")) + "\n";
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (UPDATE || !Files.exists(expected)) {
            if (!UPDATE) {
                throw new AssertionError("no expected output " + expected + "; run with -Dlucy.golden.update=true");
            }
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual)
                .as("%s", expected.getFileName())
                .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
}

package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any message, however long or strange, gets a tool search that ends: the cost of reading a request grows linearly
 * and is capped. The time limit is a stall guard (a line of 100,000 capitals once took minutes), not a target; the
 * figures live in lucy-bench ({@code RetrievalJmh}).
 */
class Bm25LongRequestTest {
    private static final Duration STALL = Duration.ofSeconds(20);

    private final ToolRegistry registry = new ToolRegistry();
    private final Bm25ToolIndex index = Bm25ToolIndex.following(registry, RetrievalConfig.defaults());

    @AfterEach
    void close() {
        index.close();
    }

    @ParameterizedTest
    @CsvSource({
        "create_task, create task",
        "PDFSummarizer, PDF Summarizer",
        "PDF&URLTool, PDF&URL Tool",
        "getHTTPResponse2XX, get HTTP Response2 XX",
        "ABcDe, A Bc De",
        "already words, already words",
        "kebab-case-name, kebab case name"
    })
    void splits_identifiers_into_words(String identifier, String words) {
        assertThat(Bm25ToolIndex.words(identifier)).isEqualTo(words);
    }

    static Stream<String> adversarialRequests() {
        Random random = new Random(7);
        StringBuilder distinctWords = new StringBuilder();
        while (distinctWords.length() < 100_000) {
            distinctWords
                    .append("w")
                    .append(Integer.toString(random.nextInt(1_000_000), 36))
                    .append(' ');
        }
        return Stream.of(
                "A".repeat(40_000),
                "A".repeat(100_000),
                "Ab".repeat(50_000),
                "_-".repeat(50_000),
                "aB1".repeat(33_000),
                distinctWords.toString(),
                "create task ".repeat(8_000));
    }

    @ParameterizedTest
    @MethodSource("adversarialRequests")
    void a_long_or_strange_request_is_searched_promptly_and_still_finds_tools(String request) {
        registry.register(Bm25ToolIndexTest.tool("create_task", "lucy", "Add a to-do item to a project"));

        List<ScoredTool> hits = assertTimeoutPreemptively(STALL, () -> index.search(request, RetrievalFilter.all(), 3));

        if (request.startsWith("create task")) {
            assertThat(hits).extracting(ScoredTool::name).containsExactly("create_task");
        }
    }

    @ParameterizedTest
    @MethodSource("adversarialRequests")
    void reads_at_most_the_documented_number_of_terms(String request) {
        assertThat(index.terms(request)).hasSizeLessThanOrEqualTo(Bm25ToolIndex.MAX_REQUEST_TERMS);
    }
}

package dev.lucy.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LongAnswersTest {
    private final LongAnswers answers = new LongAnswers(FilesConfig.defaults());

    @Test
    void an_answer_that_fits_a_message_stays_as_it_is() {
        String answer = "Short.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nprint(1)\n```";

        LongAnswers.Split split = answers.split(answer);

        assertThat(split.files()).isEmpty();
        assertThat(split.message()).isEqualTo(answer);
    }

    @Test
    void a_long_code_block_becomes_a_snippet_named_by_its_language() {
        String code = IntStream.range(0, 200)
                .mapToObj(i -> "total_" + i + " = compute(" + i + ")")
                .collect(Collectors.joining("\n"));
        String answer = "Here is the script.\n\n```python\n" + code + "\n```\n\nRun it with Python 3.";

        LongAnswers.Split split = answers.split(answer);

        assertThat(split.files()).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("snippet-1.py");
            assertThat(file.content()).isEqualTo(code + "\n");
        });
        assertThat(split.message())
                .isEqualTo("Here is the script.\n\n_(The code, 200 lines, is in the attached file `snippet-1.py`.)_\n\n"
                        + "Run it with Python 3.");
    }

    @Test
    void a_table_becomes_csv_with_quoted_cells_and_escaped_pipes() {
        String rows = IntStream.range(0, 45)
                .mapToObj(i -> "| n" + i + " | a, b | x \\| y |")
                .collect(Collectors.joining("\n"));

        LongAnswers.Split split = answers.split("| Name | List | Pipe |\n|:---|---:|---|\n" + rows);

        String csv = split.files().get(0).content();
        assertThat(csv).startsWith("Name,List,Pipe\nn0,\"a, b\",x | y\n");
        assertThat(csv.lines()).hasSize(46);
        assertThat(split.message()).contains("| n4 |").doesNotContain("| n5 |").contains("The first 5 of 45 rows");
    }

    @Test
    void a_very_long_answer_goes_whole_into_a_markdown_file_with_its_opening_in_the_message() {
        String answer = "The incident started at 09:12 when the cache filled.\n\n"
                + IntStream.range(0, 100)
                        .mapToObj(i ->
                                "Paragraph " + i + " " + "detail ".repeat(12).strip())
                        .collect(Collectors.joining("\n\n"));

        LongAnswers.Split split = answers.split(answer);

        assertThat(split.files()).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("answer.md");
            assertThat(file.content()).isEqualTo(answer + "\n");
        });
        assertThat(split.message())
                .startsWith("The incident started at 09:12 when the cache filled.")
                .endsWith("_(The full answer is in the attached file `answer.md`.)_");
        assertThat(split.message().length()).isLessThan(1_000);
    }
}

package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TonePipelineTest {

    private static final TonePipeline TONE = TonePipeline.defaults();

    static Stream<Arguments> cleanedAnswers() {
        return Stream.of(
                Arguments.of("Great question! The deploy runs at 5pm.", "The deploy runs at 5pm."),
                Arguments.of("Great question — the cache is cold.", "The cache is cold."),
                Arguments.of("Good question, the cache is cold.", "The cache is cold."),
                Arguments.of("I'd be happy to help with that! Here are the steps:", "Here are the steps:"),
                Arguments.of("Happy to help! Here's the summary.", "Here's the summary."),
                Arguments.of("Great question! Happy to help. The answer is 42.", "The answer is 42."),
                Arguments.of("You're absolutely right! The config was wrong.", "The config was wrong."),
                Arguments.of("Certainly, the export supports CSV.", "The export supports CSV."),
                Arguments.of("It's worth noting that the API is rate limited.", "The API is rate limited."),
                Arguments.of("It’s worth noting that the API is rate limited.", "The API is rate limited."),
                Arguments.of("IT IS IMPORTANT TO NOTE THAT backups run nightly.", "Backups run nightly."),
                Arguments.of(
                        "The build passed, but it's worth noting that tests are flaky.",
                        "The build passed, but tests are flaky."),
                Arguments.of("The API, it's worth noting, is slow.", "The API is slow."),
                Arguments.of(
                        "Additionally, it's worth noting that the cache is cold.", "Additionally, the cache is cold."),
                Arguments.of("As an AI language model, I can't browse private pages.", "I can't browse private pages."),
                Arguments.of("Needless to say, the migration must run first.", "The migration must run first."),
                Arguments.of("It's worth noting that iOS builds are slower.", "iOS builds are slower."),
                Arguments.of("Let's delve into the numbers.", "Let's dig into the numbers."),
                Arguments.of("Delve into the logs first.", "Dig into the logs first."),
                Arguments.of("This report delves into churn.", "This report digs into churn."),
                Arguments.of("Done. Hope this helps! 😊", "Done."),
                Arguments.of("Done. Hope this helps :)", "Done."),
                Arguments.of(
                        "Here is the plan.\n\n1. Export the data\n2. Load it\n\nHope this helps! Let me know if you have any other questions.",
                        "Here is the plan.\n\n1. Export the data\n2. Load it"),
                Arguments.of("Here is the plan.\n\nI hope this helps!\n", "Here is the plan.\n"),
                Arguments.of("Para one.\n\nHope this helps!\n\nPara two.", "Para one.\n\nPara two."),
                Arguments.of("Great question!\n\nThe answer is 42.", "The answer is 42."),
                Arguments.of("- Great question!\n- Use the staging key", "- Use the staging key"),
                Arguments.of("## Hope this helps\nText", "Text"),
                Arguments.of("> Great question! Quoted text.", "> Quoted text."),
                Arguments.of("Answer is 4.\n\n**Hope this helps!**\n", "Answer is 4.\n"),
                Arguments.of("*Certainly!* The answer is 4.", "The answer is 4."),
                Arguments.of("Great question!\r\nAnswer.\r\n", "Answer.\r\n"),
                Arguments.of("- Certainly!\n\n    continued item text", "- Certainly!\n\n    continued item text"),
                Arguments.of("Great question! ```x", "Great question! ```x"),
                Arguments.of("Certainly! # not a heading", "Certainly! # not a heading"),
                Arguments.of("Line one.  \nLine two. Hope this helps!  \nEnd.", "Line one.  \nLine two.  \nEnd."),
                Arguments.of(
                        "Feel free to reach out if anything breaks. Is there anything else I can help you with?", ""),
                Arguments.of("It's worth noting that `great question` is a literal.", "`great question` is a literal."),
                Arguments.of(
                        "Great question! Run `make build` first.\n\n```bash\n# Great question! It's worth noting that\necho 'hope this helps'\n```\n\nHope this helps!",
                        "Run `make build` first.\n\n```bash\n# Great question! It's worth noting that\necho 'hope this helps'\n```"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cleanedAnswers")
    void filler_is_removed_and_the_rest_reads_cleanly(String input, String expected) {
        assertThat(TONE.apply(input)).isEqualTo(expected);
    }

    static Stream<String> untouched() {
        return Stream.of(
                "The deploy runs at 5pm.",
                "Sure enough, it failed again.",
                "Certainly not before Friday.",
                "Great question about the API limits came up in standup.",
                "Hope this helps with `make build`.",
                "```\nGreat question! Hope this helps.\n```",
                "~~~python\nprint(\"It's worth noting that\")\n~~~",
                "Intro:\n\n    Great question! Hope this helps.\n",
                "Use ``Great question! `x` ``, literally.",
                "| Question | Answer |\n| --- | --- |\n| Great question | 42 |",
                "",
                "   ",
                "\n\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("untouched")
    void text_without_filler_and_code_come_back_unchanged(String input) {
        assertThat(TONE.apply(input)).isEqualTo(input);
    }

    @Test
    void code_regions_survive_byte_for_byte_in_random_answers() {
        List<String> pieces = List.of(
                "Great question! ",
                "It's worth noting that ",
                "the value is set. ",
                "Hope this helps! ",
                "Let's delve into it. ",
                "Happy to help, ",
                "\n\n",
                "\n- ",
                "> ",
                "Certainly! ",
                "**bold** ",
                "x ",
                "\n",
                "\n1. ",
                "# ",
                "\n    ",
                "\t",
                "*",
                "_",
                "Sure",
                ", ",
                "—",
                "```",
                "~~~",
                "`",
                "\n---\n",
                "| a | b |\n",
                "`great question`",
                "``a ` b``",
                "\n```\nHope this helps!\n```\n",
                "\n~~~\nIt's worth noting that\n",
                "\n\n    Great question! indented\n\n");
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder input = new StringBuilder();
            int parts = 1 + random.nextInt(16);
            for (int p = 0; p < parts; p++) {
                input.append(pieces.get(random.nextInt(pieces.size())));
            }
            String text = input.toString();
            String output = TONE.apply(text);
            assertThat(ProtectedCode.sameCode(text, ProtectedCode.of(text), output))
                    .as("same code in%n%s%n---%n%s", text, output)
                    .isTrue();
        }
    }

    @Test
    void phrase_lists_are_configurable() {
        TonePipeline custom = new TonePipeline(ToneConfig.builder()
                .addOpener("fantastic")
                .addCloser("cheers")
                .addHedge("to be honest")
                .replace("leverage", "use")
                .build());
        assertThat(custom.apply("Fantastic! To be honest, we should leverage the cache. Cheers, Lucy"))
                .isEqualTo("We should use the cache.");
        assertThat(custom.apply("Great question! Hope this helps.")).isEqualTo("Great question! Hope this helps.");
        TonePipeline withoutDelve = new TonePipeline(
                ToneConfig.defaults().toBuilder().clearReplacements().build());
        assertThat(withoutDelve.apply("Let's delve into it.")).isEqualTo("Let's delve into it.");
        assertThat(ToneConfig.defaults().toBuilder().build()).isEqualTo(ToneConfig.defaults());
    }

    @Test
    void blank_phrases_are_rejected_naming_the_list() {
        assertThatThrownBy(() -> ToneConfig.builder().addHedge(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hedges");
        assertThatThrownBy(() -> ToneConfig.builder().replace("delve", null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replacements");
    }

    @Test
    void works_as_a_prose_filter_in_a_chain() {
        UnaryOperator<String> filter = TONE;
        String result = filter.andThen(String::strip).apply("Great question!   The answer is 42.  ");
        assertThat(result).isEqualTo("The answer is 42.");
    }

    @Test
    void pathological_input_finishes_and_keeps_its_length_bounded() {
        String spaces = "Sure" + " ".repeat(200_000) + "x";
        assertThat(TONE.apply(spaces)).isEqualTo(spaces);
        String dots = "Great question" + ".".repeat(100_000);
        assertThat(TONE.apply(dots)).isEmpty();
        String nested = ">".repeat(50_000) + " Great question! Answer.";
        assertThat(TONE.apply(nested)).endsWith(" Answer.");
        String privateUse = "Great question! `code` here. \uE000\uE001`more`";
        assertThat(TONE.apply(privateUse)).isEqualTo("`code` here. \uE000\uE001`more`");
    }
}

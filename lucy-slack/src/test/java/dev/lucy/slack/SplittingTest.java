package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplittingTest {
    private static final FormatOptions SHORT =
            FormatOptions.builder().maxTextChars(1_500).build();

    private static List<String> texts(FormatOptions options, String markdown) {
        List<SlackMessage> messages = SlackFormatter.of(options).format(markdown);
        assertThat(Validity.problems(messages, options)).isEmpty();
        return messages.stream().map(SlackMessage::text).toList();
    }

    private static String paragraph(String word, int sentences) {
        return (word + " is a sentence of ordinary prose. ").repeat(sentences).strip();
    }

    @Test
    void a_short_answer_stays_one_message() {
        assertThat(texts(FormatOptions.defaults(), "# Summary\n\nAll good.")).hasSize(1);
    }

    @Test
    void long_answers_split_at_a_section_heading_rather_than_mid_section() {
        String markdown = "## Findings\n\n" + paragraph("alpha", 20) + "\n\n" + paragraph("beta", 8)
                + "\n\n## Next steps\n\n" + paragraph("gamma", 20);
        List<String> texts = texts(SHORT, markdown);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).startsWith("*🔍 Findings*").endsWith("beta is a sentence of ordinary prose.");
        assertThat(texts.get(1)).startsWith("*👉 Next steps*");
    }

    @Test
    void a_long_paragraph_splits_between_sentences() {
        List<String> texts = texts(SHORT, paragraph("delta", 80));
        assertThat(texts.size()).isGreaterThan(1);
        for (String text : texts) {
            assertThat(text).startsWith("delta").endsWith("prose.");
        }
        assertThat(String.join(" ", texts)).isEqualTo(paragraph("delta", 80));
    }

    @Test
    void a_code_block_longer_than_a_message_is_closed_and_reopened() {
        StringBuilder code = new StringBuilder("```python\n");
        for (int i = 0; i < 200; i++) {
            code.append("print('line ").append(i).append("')\n");
        }
        code.append("```");
        List<String> texts = texts(SHORT, code.toString());
        assertThat(texts.size()).isGreaterThan(2);
        for (String text : texts) {
            assertThat(text).startsWith("```\n").endsWith("\n```");
        }
        String joined = String.join("\n", texts).replace("```\n", "").replace("\n```", "");
        assertThat(joined).contains("print('line 0')").contains("print('line 199')");
        assertThat(joined.lines().filter(l -> l.startsWith("print")).count()).isEqualTo(200);
    }

    @Test
    void emphasis_spanning_a_split_is_closed_and_reopened() {
        List<String> texts = texts(SHORT, "**" + paragraph("bold", 60) + "**");
        assertThat(texts.size()).isGreaterThan(1);
        for (String text : texts) {
            assertThat(text).startsWith("*bold").endsWith(".*");
        }
    }

    @Test
    void links_are_never_cut() {
        String markdown = ("See [the design document](https://example.com/docs/design?id=1234567890) now. ").repeat(60);
        for (String text : texts(SHORT, markdown)) {
            assertThat(text.split("<https://", -1).length).isEqualTo(text.split("\\|the design document>", -1).length);
        }
    }

    @Test
    void blocks_split_into_messages_of_at_most_fifty_blocks() {
        String markdown = "- item\n\n---\n\n".repeat(80);
        FormatOptions options = FormatOptions.builder().target(Target.BLOCKS).build();
        List<SlackMessage> messages = SlackFormatter.of(options).format(markdown);
        assertThat(Validity.problems(messages, options)).isEmpty();
        assertThat(messages.size()).isGreaterThan(1);
    }

    @Test
    void long_sections_become_several_section_blocks_within_3000_characters() {
        FormatOptions options = FormatOptions.builder().target(Target.BLOCKS).build();
        List<SlackMessage> messages = SlackFormatter.of(options).format(paragraph("epsilon", 400));
        assertThat(Validity.problems(messages, options)).isEmpty();
        assertThat(messages.size()).isGreaterThan(1);
        assertThat(messages.get(0).blocksJson().orElseThrow()).contains("\"type\":\"section\"");
    }

    @Test
    void a_second_table_goes_to_its_own_message() {
        String table = "| a | b |\n|---|---|\n| 1 | 2 |\n\n";
        FormatOptions options = FormatOptions.builder().target(Target.BLOCKS).build();
        List<SlackMessage> messages = SlackFormatter.of(options).format(table + "text\n\n" + table);
        assertThat(Validity.problems(messages, options)).isEmpty();
        assertThat(messages).hasSize(2);
    }

    @Test
    void a_table_too_large_for_a_table_block_falls_back_to_monospace() {
        String table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n".repeat(150);
        FormatOptions options = FormatOptions.builder().target(Target.BLOCKS).build();
        List<SlackMessage> messages = SlackFormatter.of(options).format(table);
        assertThat(Validity.problems(messages, options)).isEmpty();
        assertThat(messages.get(0).blocksJson().orElseThrow())
                .doesNotContain("\"type\":\"table\"")
                .contains("```");
    }

    @Test
    void markdown_blocks_split_within_12000_characters_with_fences_balanced() {
        FormatOptions options =
                FormatOptions.builder().target(Target.MARKDOWN_BLOCK).build();
        String markdown = "```sql\n" + "select * from t where x < 1;\n".repeat(1_000) + "```";
        List<SlackMessage> messages = SlackFormatter.of(options).format(markdown);
        assertThat(Validity.problems(messages, options)).isEmpty();
        assertThat(messages.size()).isGreaterThan(1);
        for (SlackMessage message : messages) {
            assertThat(message.text()).startsWith("```sql\n").endsWith("\n```");
        }
    }
}

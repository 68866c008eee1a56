package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatterBenchTest {
    private static final String MARKDOWN = "| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\nx > y\n";

    @Test
    void flags_raw_tables_lost_task_state_and_unescaped_gt_in_a_peer_like_output() {
        String peerLike = "| a | b |\n| --- | --: |\n| 1 | 2 |\n\n•   done\n•   open\n\nx > y";
        assertThat(FormatterBench.differences(MARKDOWN, List.of(peerLike)))
                .containsExactly(
                        FormatterBench.Difference.RAW_TABLE,
                        FormatterBench.Difference.LOST_TASK_STATE,
                        FormatterBench.Difference.UNESCAPED_GT);
    }

    @Test
    void flags_unbalanced_fences_and_raw_html_as_invalid() {
        assertThat(FormatterBench.differences("x", List.of("```\ncode ``` more\n```")))
                .contains(FormatterBench.Difference.INVALID);
        assertThat(FormatterBench.differences("x", List.of("<div>hi</div>")))
                .contains(FormatterBench.Difference.INVALID);
    }

    @Test
    void finds_no_difference_in_lucys_output() {
        List<String> lucy = SlackFormatter.defaults().format(MARKDOWN).stream()
                .map(SlackMessage::text)
                .toList();
        assertThat(FormatterBench.differences(MARKDOWN, lucy)).isEmpty();
    }

    @Test
    void raw_characters_inside_code_are_not_counted_against_an_output() {
        assertThat(FormatterBench.differences("x", List.of("```\nif a < b && c > d\n```\n\nuse `a<b>`")))
                .isEmpty();
    }
}

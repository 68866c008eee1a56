package dev.lucy.examples.formatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucy.slack.SlackFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewAnswerTest {
    @Test
    void the_answer_becomes_one_mrkdwn_message_with_readable_links_and_task_state() {
        List<String> texts = SlackFormatter.defaults().formatText(PreviewAnswer.ANSWER);
        assertEquals(1, texts.size());
        String text = texts.get(0);
        assertTrue(text.startsWith("*📝 Summary*"), text);
        assertTrue(text.contains("<https://github.com/acme/app/pull/42|GitHub PR #42>"), text);
        assertTrue(text.contains("✅ roll back") && text.contains("⬜ fix the flaky test"), text);
    }

    @Test
    void the_block_message_holds_a_header_and_a_table_block() {
        List<String> messages = PreviewAnswer.blockMessages(PreviewAnswer.ANSWER);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("\"type\":\"header\""), messages.get(0));
        assertTrue(messages.get(0).contains("\"type\":\"table\""), messages.get(0));
    }
}

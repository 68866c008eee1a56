package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's usage snippet, kept here so that it compiles and does what it says. */
class ReadmeSnippetTest {
    private final List<String> posted = new ArrayList<>();

    private void postMessage(String channel, String text) {
        posted.add(channel + ": " + text);
    }

    @Test
    void the_readme_snippet_formats_and_posts_an_answer() {
        String modelAnswer = "## Results\n\nAll **green**: https://github.com/acme/app/pull/42";
        String channel = "C123";
        // --- README snippet ---
        SlackFormatter formatter = SlackFormatter.defaults(); // mrkdwn, Slack's limits
        for (SlackMessage message : formatter.format(modelAnswer)) { // one or more messages, in order
            postMessage(channel, message.text()); // mrkdwn text, always valid
        }
        SlackFormatter blocks = SlackFormatter.of(FormatOptions.builder()
                .target(Target.BLOCKS) // header, section, divider, table ...
                .build());
        String body = blocks.format(modelAnswer).get(0).toJson(); // {"text":...,"blocks":[...]}
        // --- end ---
        assertThat(posted)
                .containsExactly(
                        "C123: *📊 Results*\n\nAll *green*: <https://github.com/acme/app/pull/42|GitHub PR #42>");
        assertThat(body).startsWith("{\"text\":").contains("\"blocks\":[{\"type\":\"header\"");
    }
}

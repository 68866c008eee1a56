package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.slack.SlackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's R4 and R6 as they reach Slack in a posted answer: Markdown becomes Slack's own markup, and filler is gone.
 * A streamed answer's Markdown is checked in {@link AssistantSurfacesE2ETest}.
 */
class FormattingE2ETest {

    // Posted answers: this checks the mrkdwn Lucy writes; a streamed answer is Markdown Slack renders itself.
    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.slackPort(port -> port.streamInChannels(false)));

    @Test
    void a_markdown_answer_reaches_slack_with_slack_links_bold_and_a_section_line() {
        lucy.model()
                .script(Script.answer("## Summary\nThe **deploy** passed. Details are in "
                        + "[the runbook](https://wiki.example.com/runbook)."));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "how did the deploy go?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("deploy"));

        assertThat(answer.text())
                .contains("<https://wiki.example.com/runbook|the runbook>")
                .contains("*deploy*")
                .doesNotContain("**")
                .doesNotContain("](")
                .doesNotContain("## ");
        assertThat(answer.text().lines().findFirst().orElseThrow())
                .as("the heading is a bold section line with its emoji")
                .matches("\\*\\S+ Summary\\*");
    }

    @Test
    void filler_around_the_answer_is_removed() {
        lucy.model()
                .script(Script.answer(
                        "Great question! The release train leaves at 5pm on Thursdays. " + "Hope this helps!"));

        SlackMessage question = lucy.user("bob").mentionsBot(CHANNEL, "when does the release train leave?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("5pm"));

        assertThat(answer.text()).isEqualTo("The release train leaves at 5pm on Thursdays.");
    }
}

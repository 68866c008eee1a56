package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.slack.SlackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Odd input through the whole bot: a message as long as Slack allows, or made to stall a pattern, is answered like
 * any other, and text in angle brackets in an answer reaches Slack as written.
 */
class WhatPeopleSendE2ETest {

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    @Test
    void a_message_of_forty_thousand_capitals_is_answered() {
        lucy.model().script(Script.answer("That is a lot of capitals."));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "A".repeat(40_000));

        assertThat(lucy.awaitAnswer(question, text -> text.contains("capitals")).text())
                .isEqualTo("That is a lot of capitals.");
    }

    @Test
    void a_pasted_line_of_a_hundred_kilobytes_is_answered() {
        lucy.model().script(Script.answer("I read the log line."));
        String line = "ERROR OrderService: TimeoutException at PaymentGatewayClient.charge(HTTPRetryPolicy) ";

        SlackMessage question = lucy.user("bob")
                .mentionsBot(CHANNEL, "why does this fail? " + line.repeat(100_000 / line.length() + 1));

        assertThat(lucy.awaitAnswer(question, text -> text.contains("log line")).text())
                .isEqualTo("I read the log line.");
    }

    @Test
    void words_in_angle_brackets_in_an_answer_reach_slack_as_written() {
        lucy.model()
                .script(Script.answer("Replace <your-token> with the token. Use List<String> here. "
                        + "<!DOCTYPE html> is the first line. Press <Enter>. Never <!CHANNEL>. "
                        + "See <https://docs.lucy.example|the docs>."));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "how do I set the token?");
        String answer =
                lucy.awaitAnswer(question, text -> text.contains("token")).text();

        assertThat(answer)
                .contains("Replace &lt;your-token&gt; with the token.")
                .contains("Use List&lt;String&gt; here.")
                .contains("&lt;!DOCTYPE html&gt; is the first line.")
                .contains("Press &lt;Enter&gt;.")
                .contains("Never &lt;!CHANNEL&gt;.")
                .as("the answer streams to alice, so its link is Markdown, which Slack shows as a link")
                .contains("[the docs](https://docs.lucy.example)");
    }
}

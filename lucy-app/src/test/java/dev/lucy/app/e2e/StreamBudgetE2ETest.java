package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel answer when Lucy's budget for {@code chat.startStream} (Slack's Tier 2, shared by every stream in the
 * workspace) has no permit to spare: the answer is not held back for one, it is posted once and edited in place.
 */
class StreamBudgetE2ETest {
    private static final String ASKED = "what is on the release checklist?";

    // One start a minute, and a stream may not take the last quarter of it (kept for answers): none starts.
    @RegisterExtension
    final LucyE2E lucy =
            LucyE2E.create().app(app -> app.slackPort(port -> port.methodLimits(Map.of("chat.startStream", 1))));

    @Test
    void with_no_start_stream_permit_to_spare_the_answer_is_posted_once_without_asking_slack_to_stream() {
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, ASKED);
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.equals(E2EModel.answerTo(ASKED)));
        lucy.awaitSettled();

        assertThat(lucy.slack().calls("chat.startStream"))
                .as("no stream started: it would have waited for a permit")
                .isEmpty();
        List<ApiCall> posts = lucy.slack().calls("chat.postMessage").stream()
                .filter(ApiCall::ok)
                .filter(call -> call.argument("thread_ts").orElse("").equals(question.ts()))
                .toList();
        assertThat(posts).as("the answer posted exactly once").hasSize(1);
        assertThat(lucy.botMessages(question)).extracting(SlackMessage::ts).containsExactly(answer.ts());
        assertThat(answer.streamedChunks()).isEmpty();
    }
}

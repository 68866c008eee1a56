package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's R5 as a person sees it: while tools work, one progress message is shown and edited in place, and the
 * answer replaces it, so the thread ends with the answer alone.
 */
class ProgressE2ETest {

    // Posted answers: a streamed answer follows the progress message instead (AssistantSurfacesE2ETest checks it).
    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.slackPort(port -> port.streamInChannels(false)));

    @Test
    void progress_is_one_message_edited_in_place_and_replaced_by_the_answer() {
        lucy.model().script(request -> {
            List<String> done =
                    request.toolResults().stream().map(Message.Tool::name).toList();
            if (!done.contains("get_projects")) {
                return Reply.toolCall("get_projects", "{}");
            }
            if (!done.contains("get_ideas")) {
                return Reply.toolCall("get_ideas", "{}");
            }
            return Reply.text("There are no projects and no ideas yet.");
        });

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "which projects and ideas do we have so far?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("no projects"));
        lucy.awaitSettled();

        assertThat(answer.text()).isEqualTo("There are no projects and no ideas yet.");
        assertThat(answer.previousTexts())
                .as("the progress notes this message showed before the answer")
                .isNotEmpty()
                .noneMatch(text -> text.contains("no projects"))
                .noneMatch(text -> text.contains("get_projects") || text.contains("get_ideas"));
        assertThat(lucy.botMessages(question))
                .as("no leftover progress message")
                .extracting(SlackMessage::ts)
                .containsExactly(answer.ts());
        List<ApiCall> posts = lucy.slack().calls("chat.postMessage").stream()
                .filter(ApiCall::ok)
                .toList();
        assertThat(posts)
                .as("one post: the progress note that became the answer")
                .hasSize(1);
        assertThat(lucy.slack().calls("chat.update"))
                .filteredOn(call -> call.argument("ts").orElse("").equals(answer.ts()))
                .hasSizeGreaterThanOrEqualTo(1);
        assertThat(lucy.model().requestCount()).isEqualTo(3);
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A destructive tool waits for its person: Approve and Cancel buttons in the thread, or a written yes or no in
 * the same thread, decide it; nothing is deleted without a yes.
 */
class ApprovalsE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    /** Creates a task, then asks to delete it, then says what happened. */
    static Turn createThenDelete(ModelRequest request) {
        List<Message.Tool> results = request.toolResults();
        if (results.isEmpty()) {
            return Reply.toolCall("create_task", "{\"project\":\"Launch\",\"title\":\"Draft the old notes\"}");
        }
        if (results.size() == 1) {
            return Reply.toolCall("delete_task", "{\"id\":1}");
        }
        String outcome = results.get(1).content();
        return Reply.text(outcome.contains("Draft the old notes") ? "Deleted task #1." : "Task #1 was not deleted.");
    }

    private SlackMessage askToDelete(String who) {
        lucy.model().script(ApprovalsE2ETest::createThenDelete);
        SlackMessage ask = lucy.user(who).mentionsBot(CHANNEL, "please clean up the launch tasks");
        lucy.awaitApprovalButtons(ask);
        return ask;
    }

    @Test
    void a_written_yes_in_the_thread_approves_and_the_task_is_deleted() {
        SlackMessage ask = askToDelete("alice");

        SlackMessage yes = lucy.user("alice").repliesTo(ask, "yes");

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("task #1") || text.contains("Task #1"))
                        .text())
                .isEqualTo("Deleted task #1.");
        assertThat(lucy.awaitReaction(yes)).isEqualTo("white_check_mark");
    }

    @Test
    void a_written_no_cancels_and_nothing_is_deleted() {
        SlackMessage ask = askToDelete("alice");

        lucy.user("alice").repliesTo(ask, "no");

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Task #1 was not deleted.");
    }

    @Test
    void the_cancel_button_refuses_the_deletion() {
        SlackMessage ask = askToDelete("alice");
        SlackMessage buttons = lucy.botMessages(ask).stream()
                .filter(m -> m.blocks().orElse("").contains(SlackApprovalPort.CANCEL))
                .findFirst()
                .orElseThrow();

        lucy.user("alice").clicks(buttons, SlackApprovalPort.CANCEL);

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Task #1 was not deleted.");
    }

    @Test
    void someone_elses_yes_does_not_decide_and_is_not_taken_as_an_approval() {
        SlackMessage ask = askToDelete("alice");

        lucy.user("bob").repliesTo(ask, "yes");
        lucy.user("alice").repliesTo(ask, "go ahead");

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Deleted task #1.");
        assertThat(lucy.app().engine().approvals().orElseThrow().pending()).isEmpty();
    }
}

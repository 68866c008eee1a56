package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackApprovalPort;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long an approval lives and how it ends, as the people in Slack see it: the run's own time limit (3 minutes)
 * does not cut it short, its message loses its buttons and says the outcome however it ends, and "always allow"
 * holds for everyone only when a workspace admin chooses it.
 *
 * <p>Lucy and the simulator share a manual clock, so "five minutes later" is a step of the clock, not a wait.
 */
class ApprovalLifecycleE2ETest {
    private static final Pattern CREATED_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(b -> b.clock(clock).user("alice").user("bob").admin("ann"))
            .app(b -> b.clock(clock));

    /** Creates a task named after the request, deletes the task it created, then says what happened. */
    private static Turn createThenDelete(ModelRequest request) {
        List<Message.Tool> results = request.toolResults();
        if (results.isEmpty()) {
            return Reply.toolCall("create_task", "{\"project\":\"Launch\",\"title\":\"Old notes\"}");
        }
        Matcher created = CREATED_ID.matcher(results.get(0).content());
        String id = created.find() ? created.group(1) : "0";
        if (results.size() == 1) {
            return Reply.toolCall("delete_task", "{\"id\":" + id + "}");
        }
        String outcome = results.get(1).content();
        return Reply.text(
                outcome.contains("Old notes") ? "Deleted task #" + id + "." : "Task #" + id + " was not deleted.");
    }

    private SlackMessage asks(String who) {
        lucy.model().script(ApprovalLifecycleE2ETest::createThenDelete);
        return lucy.user(who).mentionsBot(CHANNEL, "please clean up the launch tasks");
    }

    /** Waits until the approval message in the thread of {@code ask} has lost its buttons, and returns it. */
    private SlackMessage awaitEnded(SlackMessage ask) {
        return lucy.slack()
                .await(
                        "the approval message without its buttons",
                        WAIT,
                        () -> lucy.botMessages(ask).stream()
                                .filter(m -> m.text().startsWith("Approval needed"))
                                .filter(m -> !m.blocks().orElse("").contains(SlackApprovalPort.BLOCK_ID))
                                .findFirst());
    }

    private String mention(String who) {
        return "<@" + lucy.user(who).id() + ">";
    }

    @Test
    void an_approval_answered_after_the_runs_own_time_limit_still_runs_the_action_and_lucy_answers() {
        SlackMessage ask = asks("alice");
        SlackMessage buttons = lucy.awaitApprovalButtons(ask);
        assertThat(buttons.blocks().orElseThrow())
                .contains("Waiting for an answer until <!date^"
                        + Instant.parse("2026-03-02T09:10:00Z").getEpochSecond())
                .contains("2026-03-02 09:10 UTC")
                .contains("(10 minutes)");

        clock.advance(Duration.ofMinutes(5)); // longer than the 3 minutes a run may take
        lucy.user("alice").clicks(buttons, SlackApprovalPort.APPROVE);

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Deleted task #1.");
        SlackMessage ended = awaitEnded(ask);
        assertThat(ended.edited()).isTrue();
        assertThat(ended.text()).contains(":white_check_mark: Approved by " + mention("alice") + ".");
    }

    @Test
    void a_cancelled_approval_loses_its_buttons_and_says_who_cancelled_it() {
        SlackMessage ask = asks("alice");
        SlackMessage buttons = lucy.awaitApprovalButtons(ask);

        lucy.user("alice").clicks(buttons, SlackApprovalPort.CANCEL);

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Task #1 was not deleted.");
        assertThat(awaitEnded(ask).text()).contains(":x: Cancelled by " + mention("alice") + ", so nothing was done.");
    }

    @Test
    void an_expired_approval_loses_its_buttons_and_says_nobody_answered_in_time() {
        SlackMessage ask = asks("alice");
        lucy.awaitApprovalButtons(ask);

        clock.advance(Duration.ofMinutes(11));

        assertThat(awaitEnded(ask).text())
                .contains(":hourglass: Nobody answered within 10 minutes, so the request expired and nothing was"
                        + " done. Ask again if you still want it.");
        assertThat(lucy.awaitAnswer(ask, text -> text.contains("ask #1")).text())
                .isEqualTo("Task #1 was not deleted.");
    }

    @Test
    void cancelling_the_run_while_its_approval_waits_ends_the_approval_and_says_so() {
        SlackMessage ask = asks("alice");
        lucy.awaitApprovalButtons(ask);

        lucy.user("alice").repliesTo(ask, "please stop");

        assertThat(awaitEnded(ask).text())
                .contains(":octagonal_sign: Stopped before anyone answered, because the request was cancelled or Lucy"
                        + " restarted, so nothing was done.");
        lucy.awaitSettled();
        assertThat(lucy.app().engine().approvals().orElseThrow().pending()).isEmpty();
        assertThat(lucy.botMessages(ask)).noneMatch(m -> m.text().contains("Deleted"));
    }

    @Test
    void lucy_stopping_while_an_approval_waits_ends_the_approval_and_says_so() {
        SlackMessage ask = asks("alice");
        lucy.awaitApprovalButtons(ask);

        lucy.app().shutdown(Duration.ofSeconds(3));

        assertThat(awaitEnded(ask).text()).contains(":octagonal_sign: Stopped before anyone answered");
        assertThat(lucy.botMessages(ask)).noneMatch(m -> m.text().contains("Deleted"));
    }

    @Test
    void always_allow_from_someone_who_is_not_an_admin_holds_for_their_own_requests_only() {
        SlackMessage first = asks("alice");
        SlackMessage buttons = lucy.awaitApprovalButtons(first);
        assertThat(buttons.blocks().orElseThrow())
                .contains("Always allow for me")
                .doesNotContain("Always allow here");

        lucy.user("alice").clicks(buttons, SlackApprovalPort.ALWAYS_ALLOW);

        assertThat(lucy.awaitAnswer(first, text -> text.contains("ask #1")).text())
                .isEqualTo("Deleted task #1.");
        assertThat(awaitEnded(first).text())
                .contains(":white_check_mark: Approved by " + mention("alice") + ". From now on delete task runs"
                        + " without asking when " + mention("alice") + " asks for it; everyone else is still asked.");

        SlackMessage again = asks("alice");
        assertThat(lucy.awaitAnswer(again, text -> text.contains("ask #2")).text())
                .isEqualTo("Deleted task #2.");
        assertThat(lucy.botMessages(again)).noneMatch(m -> m.text().startsWith("Approval needed"));

        SlackMessage bobs = asks("bob");
        SlackMessage bobsButtons = lucy.awaitApprovalButtons(bobs);
        lucy.user("bob").clicks(bobsButtons, SlackApprovalPort.CANCEL);
        assertThat(lucy.awaitAnswer(bobs, text -> text.contains("ask #3")).text())
                .isEqualTo("Task #3 was not deleted.");
    }

    @Test
    void always_allow_from_a_workspace_admin_holds_for_everyone_there() {
        SlackMessage first = asks("ann");
        SlackMessage buttons = lucy.awaitApprovalButtons(first);
        assertThat(buttons.blocks().orElseThrow()).contains("Always allow here");

        lucy.user("ann").clicks(buttons, SlackApprovalPort.ALWAYS_ALLOW);

        assertThat(lucy.awaitAnswer(first, text -> text.contains("ask #1")).text())
                .isEqualTo("Deleted task #1.");
        assertThat(awaitEnded(first).text())
                .contains(":white_check_mark: Approved by " + mention("ann") + ". From now on delete task runs without"
                        + " asking for everyone in this workspace.");

        SlackMessage bobs = asks("bob");
        assertThat(lucy.awaitAnswer(bobs, text -> text.contains("ask #2")).text())
                .isEqualTo("Deleted task #2.");
        assertThat(lucy.botMessages(bobs)).noneMatch(m -> m.text().startsWith("Approval needed"));
        assertThat(lucy.app().engine().approvals().orElseThrow().pending()).isEmpty();
    }
}

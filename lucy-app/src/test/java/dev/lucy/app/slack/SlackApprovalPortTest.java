package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.ApprovalDecision;
import dev.lucy.tools.ApprovalGate;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.SideEffect;
import dev.lucy.tools.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackApprovalPortTest {
    private final SlackFixture fx = new SlackFixture();
    private final SlackPort port = fx.port().build();
    private final SlackApprovalPort approvals = new SlackApprovalPort(port);

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private ApprovalRequest request(Caller caller, String id) {
        Instant now = fx.clock.instant();
        return new ApprovalRequest(
                id,
                caller,
                "GITHUB_DELETE_REPO",
                "Deletes a repository",
                "{\"repo\":\"acme/old-site\",\"token\":\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"}",
                now,
                now.plus(Duration.ofMinutes(10)));
    }

    private SlackMessage approvalMessage(SlackMessage question) {
        return fx.slack.thread(question).stream()
                .filter(SlackMessage::fromBot)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void asks_in_the_thread_with_three_buttons_carrying_the_request_id() {
        SlackMessage question = fx.slack.user("alice").mentionsBot("general", "delete the old site repo");

        approvals.ask(request(fx.callerInThreadOf(question), "req-42"));

        SlackMessage shown = approvalMessage(question);
        assertThat(shown.threadTs()).contains(question.ts());
        assertThat(shown.text()).contains("Approval needed");
        assertThat(shown.blocks()).isPresent();
        String blocks = shown.blocks().get();
        assertThat(blocks)
                .contains("\"action_id\":\"lucy_approve\"")
                .contains("\"action_id\":\"lucy_cancel\"")
                .contains("\"action_id\":\"lucy_always\"")
                .contains("\"value\":\"req-42\"")
                .contains("Always allow for me")
                .doesNotContain("Always allow here")
                .contains("Waiting for an answer until <!date^")
                .contains("(10 minutes)")
                .contains("acme/old-site")
                .doesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    }

    @Test
    void closing_shows_the_outcome_and_removes_the_buttons() {
        SlackMessage question = fx.slack.user("alice").mentionsBot("general", "delete the old site repo");
        ApprovalRequest request = request(fx.callerInThreadOf(question), "req-7");
        approvals.ask(request);

        approvals.closed(
                new ApprovalRecord(request, ApprovalOutcome.CANCELLED, "U0ALICE", fx.clock.instant()),
                Optional.empty());

        SlackMessage closed = approvalMessage(question);
        assertThat(closed.edited()).isTrue();
        assertThat(closed.blocks().orElseThrow())
                .contains("Cancelled by <@U0ALICE>, so nothing was done.")
                .doesNotContain("lucy_approve")
                .doesNotContain("\"actions\"");
        assertThat(closed.text()).contains("Cancelled");
    }

    @Test
    void a_click_on_approve_releases_the_waiting_run_and_the_message_says_approved() throws Exception {
        ApprovalGate gate = ApprovalGate.builder(approvals).build();
        Tool tool = Tool.builder("GITHUB_DELETE_REPO")
                .description("Deletes a repository")
                .sideEffect(SideEffect.DESTRUCTIVE)
                .handler((who, arguments) -> ToolResult.success("deleted"))
                .build();
        SlackMessage question = fx.slack.user("alice").mentionsBot("general", "delete the old site repo");
        Caller caller = fx.callerInThreadOf(question);

        try (ExecutorService run = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ApprovalOutcome> outcome = run.submit(() -> gate.await(caller, tool, "{\"repo\":\"acme/old\"}"));
            SlackMessage shown = fx.slack.await(
                    "approval message",
                    Duration.ofSeconds(10),
                    () -> fx.slack.thread(question).stream()
                            .filter(SlackMessage::fromBot)
                            .findFirst());
            String id = gate.pending().getFirst().id();
            assertThat(shown.blocks().orElseThrow()).contains("\"value\":\"" + id + "\"");

            assertThat(gate.decide(id, ApprovalDecision.approve(caller.userId())))
                    .isTrue();

            assertThat(outcome.get()).isEqualTo(ApprovalOutcome.APPROVED);
        }
        assertThat(approvalMessage(question).blocks().orElseThrow())
                .contains("Approved by <@" + caller.userId() + ">.")
                .doesNotContain("lucy_approve");
    }
}

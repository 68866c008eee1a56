package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.memory.MemoryAdmin;
import dev.lucy.memory.Remembered;
import dev.lucy.memory.SessionMemory;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.SqliteMemoryStore;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import dev.lucy.tools.ApprovalGate;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.Connections;
import dev.lucy.tools.Tool;
import dev.lucy.tools.spi.ApprovalPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The /lucy command and the approval buttons, through real Bolt and the simulator. */
class SlackCommandsAndApprovalsTest {
    private static final Duration WAIT = IngressHarness.WAIT;

    @RegisterExtension
    final IngressHarness.Connected connected = new IngressHarness.Connected();

    @TempDir
    Path dataDir;

    @Test
    void lucy_help_and_unknown_subcommands_answer_with_the_help_only_to_the_asker(
            SlackSimulator slack, IngressHarness lucy) {
        SlackUser bob = slack.user("bob");
        bob.runsCommand("general", "/lucy", "help");
        SlackMessage help = slack.awaitEphemeral("general", 1, WAIT);
        bob.runsCommand("general", "/lucy", "dance");
        SlackMessage unknown = slack.awaitEphemeral("general", 2, WAIT);

        assertThat(help.text()).contains("/lucy status", "/lucy forget", "/lucy connect");
        assertThat(help.visibleTo()).contains(bob.id());
        assertThat(unknown.text()).isEqualTo(help.text());
        assertThat(slack.messages("general")).isEmpty();
    }

    @Test
    void a_renamed_command_is_answered_and_its_help_uses_the_new_name() {
        try (SlackSimulator slack = SlackSimulator.create();
                IngressHarness lucy =
                        new IngressHarness(slack, b -> b, b -> b.commandName("/lucy-dev"), null).start()) {
            slack.user("alice").runsCommand("general", "/lucy-dev", "");

            SlackMessage help = slack.awaitEphemeral("general", 1, WAIT);
            assertThat(help.text()).contains("`/lucy-dev status`").doesNotContain("`/lucy status`");
        }
    }

    @Test
    void lucy_status_lists_the_users_background_tasks(SlackSimulator slack, IngressHarness lucy) {
        SlackUser alice = slack.user("alice");
        alice.runsCommand("general", "/lucy", "status");
        assertThat(slack.awaitEphemeral("general", 1, WAIT).text()).isEqualTo("You have no background tasks running.");

        alice.mentionsBot("general", "do a deep dive research on our churn numbers");
        lucy.awaitRuns(1);
        alice.runsCommand("general", "/lucy", "status");

        SlackMessage status = slack.awaitEphemeral("general", 2, WAIT);
        assertThat(status.text())
                .startsWith("Your background task:")
                .contains("do a deep dive research on our churn numbers")
                .contains("working");
        assertThat(status.visibleTo()).contains(alice.id());
    }

    @Test
    void lucy_forget_forgets_the_matching_fact_and_says_what() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir));
                SlackSimulator slack = SlackSimulator.create()) {
            SqliteMemoryStore store = SqliteMemoryStore.open(db);
            SessionMemory memory = SessionMemory.builder(store).build();
            SlackUser alice = slack.user("alice");
            Caller caller = new Caller(slack.teamId(), alice.id(), slack.channelId("general") + ":1.1");
            assertThat(memory.remember(caller, "remember that our Q1 target is $800K"))
                    .isInstanceOf(Remembered.Stored.class);
            try (IngressHarness lucy =
                    new IngressHarness(slack, b -> b, b -> b.memoryAdmin(MemoryAdmin.of(store)), null).start()) {
                alice.runsCommand("general", "/lucy", "forget our Q1 target");
                SlackMessage answer = slack.awaitEphemeral("general", 1, WAIT);
                alice.runsCommand("general", "/lucy", "forget the office wifi password");
                SlackMessage nothing = slack.awaitEphemeral("general", 2, WAIT);
                alice.runsCommand("general", "/lucy", "forget");
                SlackMessage usage = slack.awaitEphemeral("general", 3, WAIT);

                assertThat(answer.text()).startsWith("Forgotten:").contains("800K");
                assertThat(memory.recall(caller, "what is our Q1 target?", 1_000))
                        .isEmpty();
                assertThat(nothing.text()).contains("nothing was forgotten");
                assertThat(usage.text()).contains("Tell me what to forget");
            }
        }
    }

    @Test
    void lucy_connect_answers_with_the_link_or_says_it_is_connected() {
        Connections connections = Connections.withConnectUrl(
                (caller, provider) -> "https://lucy.example.com/connect/" + provider + "?team=" + caller.workspaceId());
        try (SlackSimulator slack = SlackSimulator.create();
                IngressHarness lucy =
                        new IngressHarness(slack, b -> b, b -> b.connections(connections), null).start()) {
            SlackUser alice = slack.user("alice");
            alice.runsCommand("general", "/lucy", "connect github");
            SlackMessage link = slack.awaitEphemeral("general", 1, WAIT);
            connections.connectWorkspace(slack.teamId(), "github");
            alice.runsCommand("general", "/lucy", "connect github");
            SlackMessage connected = slack.awaitEphemeral("general", 2, WAIT);

            assertThat(link.text())
                    .isEqualTo("Connect github here: <https://lucy.example.com/connect/github?team=" + slack.teamId()
                            + "|connect github>");
            assertThat(connected.text()).isEqualTo("github is already connected.");
        }
    }

    @Test
    void a_failing_store_behind_a_command_gets_a_plain_answer_not_a_stack_trace() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir));
                SlackSimulator slack = SlackSimulator.create()) {
            MemoryAdmin memory = MemoryAdmin.of(SqliteMemoryStore.open(db));
            db.close(); // the store now fails on every call
            try (IngressHarness lucy = new IngressHarness(slack, b -> b, b -> b.memoryAdmin(memory), null).start()) {
                slack.user("alice").runsCommand("general", "/lucy", "forget our Q1 target");

                SlackMessage answer = slack.awaitEphemeral("general", 1, WAIT);
                assertThat(answer.text()).isEqualTo(LucyCommand.FAILED);
            }
        }
    }

    /** Shows approval requests as a message with Lucy's three buttons, as the outbound port will. */
    private static ApprovalPort buttons(MethodsClient methods, String channel, List<String> shown) {
        return new ApprovalPort() {
            @Override
            public void ask(ApprovalRequest request) {
                String blocks = """
                        [{"type":"section","text":{"type":"mrkdwn","text":"Run %s?"}},
                         {"type":"actions","elements":[
                           {"type":"button","action_id":"lucy_approve","text":{"type":"plain_text","text":"Approve"},"value":"%s"},
                           {"type":"button","action_id":"lucy_cancel","text":{"type":"plain_text","text":"Cancel"},"value":"%s"},
                           {"type":"button","action_id":"lucy_always","text":{"type":"plain_text","text":"Always allow"},"value":"%s"}]}]""".formatted(request.tool(), request.id(), request.id(), request.id());
                try {
                    String ts = methods.chatPostMessage(r ->
                                    r.channel(channel).text("Approval needed").blocksAsString(blocks))
                            .getTs();
                    shown.add(ts);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Tool deleteBranch() {
        return Tool.builder("delete_branch")
                .description("Deletes a git branch")
                .handler((caller, args) -> ToolResult.success("deleted"))
                .build();
    }

    @Test
    void approval_buttons_reach_the_gate_with_the_clicked_decision() throws Exception {
        try (SlackSimulator slack = SlackSimulator.create()) {
            List<String> shown = new CopyOnWriteArrayList<>();
            List<ApprovalRecord> audit = new CopyOnWriteArrayList<>();
            SlackConfig sdkConfig = new SlackConfig();
            sdkConfig.setMethodsEndpointUrlPrefix(slack.methodsUrl());
            MethodsClient methods = Slack.getInstance(sdkConfig).methods(slack.botToken());
            ApprovalGate[] gate = {
                ApprovalGate.builder(buttons(methods, slack.channelId("general"), shown))
                        .audit(audit::add)
                        .build()
            };
            try (IngressHarness lucy = new IngressHarness(slack, b -> b, b -> b.approvals(gate[0]), null).start()) {
                SlackUser alice = slack.user("alice");
                Caller caller = new Caller(slack.teamId(), alice.id(), slack.channelId("general") + ":1.1");

                CompletableFuture<ApprovalOutcome> approved =
                        CompletableFuture.supplyAsync(() -> gate[0].await(caller, deleteBranch(), "{\"b\":\"x\"}"));
                slack.awaitTrue("the first approval message", WAIT, () -> shown.size() == 1);
                alice.clicks(slack.message("general", shown.get(0)).orElseThrow(), SlackIngress.APPROVE_ACTION);
                assertThat(approved.get(30, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);

                CompletableFuture<ApprovalOutcome> cancelled =
                        CompletableFuture.supplyAsync(() -> gate[0].await(caller, deleteBranch(), "{\"b\":\"y\"}"));
                slack.awaitTrue("the second approval message", WAIT, () -> shown.size() == 2);
                SlackMessage second = slack.message("general", shown.get(1)).orElseThrow();
                slack.user("bob").clicks(second, SlackIngress.APPROVE_ACTION);
                SlackMessage refusal = slack.awaitEphemeral("general", 1, WAIT);
                assertThat(refusal.text()).isEqualTo("Only <@" + alice.id() + ">, who asked for this, can decide it.");
                assertThat(cancelled).isNotDone();
                alice.clicks(second, SlackIngress.CANCEL_ACTION);
                assertThat(cancelled.get(30, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.CANCELLED);

                alice.clicks(second, SlackIngress.APPROVE_ACTION);
                SlackMessage late = slack.awaitEphemeral("general", 2, WAIT);
                assertThat(late.text()).isEqualTo("That request was already decided or has expired.");

                CompletableFuture<ApprovalOutcome> always =
                        CompletableFuture.supplyAsync(() -> gate[0].await(caller, deleteBranch(), "{\"b\":\"z\"}"));
                slack.awaitTrue("the third approval message", WAIT, () -> shown.size() == 3);
                alice.clicks(slack.message("general", shown.get(2)).orElseThrow(), SlackIngress.ALWAYS_ACTION);
                assertThat(always.get(30, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);
                assertThat(gate[0].await(caller, deleteBranch(), "{}")).isEqualTo(ApprovalOutcome.ALWAYS_ALLOWED);

                assertThat(audit)
                        .extracting(ApprovalRecord::decidedBy)
                        .containsExactly(alice.id(), alice.id(), alice.id(), "");
                lucy.awaitQuiet();
            }
        }
    }
}

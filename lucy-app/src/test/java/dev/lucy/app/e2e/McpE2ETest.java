package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.Message;
import dev.lucy.testkit.NpmMcpServers;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServerStatus;
import dev.lucy.tools.McpServers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real bot with two MCP servers Lucy did not write: the MCP project's reference server over stdio (installed
 * from npm) and a notes server over Streamable HTTP. Their tools are offered and called from Slack, a destructive
 * one waits for a yes, a server killed in the middle of a run is reported and started again, and a server's
 * {@code list_changed} brings its new tool.
 */
class McpE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final NotesMcpServer notes = NotesMcpServer.start();

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.engine(engine -> engine.mcpServers(servers())));

    private McpServers servers() {
        List<String> everything = NpmMcpServers.everythingStdio();
        return McpServers.builder(List.of(
                        McpServerConfig.stdio("everything", everything.getFirst())
                                .args(everything.subList(1, everything.size()))
                                .build(),
                        McpServerConfig.remote("notes", notes.endpoint()).build()))
                .healthCheckEvery(Duration.ofMillis(500))
                .minBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(500))
                .build();
    }

    @AfterEach
    void stopNotes() {
        notes.close();
    }

    private void awaitReady() {
        lucy.slack()
                .awaitTrue(
                        "the MCP servers to be ready",
                        WAIT,
                        () -> lucy.app().engine().mcpServers().statuses().stream()
                                .allMatch(s -> s.state() == McpServerStatus.State.READY));
    }

    /** Echoes through one server, deletes a note through the other, then says what came back. */
    private static Turn echoThenDelete(ModelRequest request) {
        List<Message.Tool> results = request.toolResults();
        if (results.isEmpty()) {
            if (!request.offersTool("everything__echo")) {
                return Reply.text("I was not offered the echo tool.");
            }
            return Reply.toolCall("everything__echo", "{\"message\":\"hello from Slack\"}");
        }
        if (results.size() == 1) {
            return Reply.toolCall("notes__delete_note", "{\"id\":\"standup\"}");
        }
        return Reply.text(results.stream().map(Message.Tool::content).collect(Collectors.joining(" | ")));
    }

    @Test
    void mcp_tools_are_offered_and_called_and_a_destructive_one_waits_for_a_yes() {
        awaitReady();
        lucy.model().script(McpE2ETest::echoThenDelete);

        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "echo hello and delete the standup note");
        SlackMessage buttons = lucy.awaitApprovalButtons(ask);
        assertThat(buttons.text()).contains("notes: delete note").doesNotContain("notes__");
        assertThat(notes.deleted()).as("nothing is deleted before the yes").isEmpty();
        lucy.user("alice").repliesTo(ask, "yes");

        assertThat(lucy.awaitAnswer(ask, text -> text.contains("Echo:")).text())
                .contains("Echo: hello from Slack")
                .contains("note standup deleted");
        assertThat(notes.deleted()).containsExactly("standup");
        lucy.awaitTool("list_changed to bring restore_note", "notes__restore_note");
    }

    @Test
    void a_server_killed_during_a_run_is_reported_plainly_and_started_again() {
        awaitReady();
        lucy.model().script(request -> {
            if (request.toolResults().isEmpty()) {
                killEverything();
                return Reply.toolCall("everything__echo", "{\"message\":\"anyone there?\"}");
            }
            return Reply.text("Tool said: " + request.toolResults().getFirst().content());
        });

        SlackMessage first = lucy.user("alice").mentionsBot(CHANNEL, "echo something for me");
        assertThat(lucy.awaitAnswer(first, text -> text.startsWith("Tool said")).text())
                .contains("everything")
                .containsAnyOf("unavailable", "did not answer");

        awaitReady();
        lucy.model()
                .script(request -> request.toolResults().isEmpty()
                        ? Reply.toolCall("everything__echo", "{\"message\":\"back again\"}")
                        : Reply.text(
                                "Tool said: " + request.toolResults().getFirst().content()));
        SlackMessage second = lucy.user("alice").mentionsBot(CHANNEL, "echo again please");
        assertThat(lucy.awaitAnswer(second, text -> text.startsWith("Tool said"))
                        .text())
                .isEqualTo("Tool said: Echo: back again");
    }

    private static void killEverything() {
        ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
    }
}

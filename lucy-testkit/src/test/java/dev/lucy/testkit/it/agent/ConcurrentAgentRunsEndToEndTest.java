package dev.lucy.testkit.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.ManyConversations;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A thousand conversations at once through one agent, one HTTP client and the scripted server. */
class ConcurrentAgentRunsEndToEndTest {
    private static final int RUNS = 1_000;

    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    @Test
    void a_thousand_concurrent_runs_on_one_agent_keep_their_histories_separate(ScriptedModelServer server)
            throws Exception {
        Queue<String> leaks = new ConcurrentLinkedQueue<>();
        server.script(request -> {
            String mine = ManyConversations.tokenOf(request.lastUserText().orElseThrow());
            for (Message message : request.messages()) {
                boolean ok = message instanceof Message.System
                        || (message instanceof Message.Assistant a && a.hasToolCalls())
                        || message.content().contains(mine);
                if (!ok) {
                    leaks.add(mine + " saw " + message.content());
                }
            }
            return request.toolResults().isEmpty()
                    ? Reply.toolCall("lookup", "{\"q\":\"" + mine + "\"}")
                    : Reply.text("answer " + mine + " from "
                            + request.toolResults().getLast().content());
        });
        Agent agent = Agent.builder()
                .model(MODEL.client())
                .systemPrompt("shared prompt")
                .tools(HandlerToolExecutor.builder()
                        .tool(
                                new ToolSpec("lookup", "looks up", "{\"type\":\"object\"}"),
                                (caller, args) -> ToolResult.success(
                                        "found " + args.path("q").asText() + " for " + caller.conversationId()))
                        .build())
                .build();

        AgentResult[] results = ManyConversations.runAtOnce(agent, RUNS);

        assertThat(leaks).isEmpty();
        for (int i = 0; i < RUNS; i++) {
            String token = ManyConversations.token(i);
            assertThat(results[i].outcome()).as("run %d", i).isEqualTo(new Outcome.Answered());
            assertThat(results[i].text()).isEqualTo("answer " + token + " from found " + token + " for " + token);
        }
        assertThat(server.requests()).hasSize(2 * RUNS);
        assertThat(server.peakOpenRequests()).as("runs overlapped").isGreaterThan(1);
        assertThat(server.requests().stream().map(ModelRequest::lastUserText).distinct())
                .hasSize(RUNS);
    }
}

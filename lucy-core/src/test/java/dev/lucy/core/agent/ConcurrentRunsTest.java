package dev.lucy.core.agent;

import static dev.lucy.testkit.fake.ScriptedChatModel.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.call;
import static dev.lucy.testkit.fake.ScriptedChatModel.calls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.ManyConversations;
import dev.lucy.testkit.fake.ScriptedChatModel;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One agent, many conversations at once: each run sees only its own history, tools and limits. */
class ConcurrentRunsTest {
    private static final int RUNS = 1_000;

    @Test
    void a_thousand_concurrent_runs_on_one_agent_keep_their_histories_separate() throws Exception {
        Queue<String> leaks = new ConcurrentLinkedQueue<>();
        // Stateless: everything it answers comes from the request, so any cross-talk shows up in the answer.
        ChatModel model = request -> {
            String mine = ManyConversations.tokenOf(
                    request.messages().getLast() instanceof Message.Tool
                            ? request.messages().stream()
                                    .filter(Message.User.class::isInstance)
                                    .reduce((a, b) -> b)
                                    .orElseThrow()
                                    .content()
                            : request.messages().getLast().content());
            for (Message message : request.messages()) {
                boolean mineToo = message instanceof Message.Assistant a && a.hasToolCalls()
                        ? a.toolCalls().getFirst().id().equals("c-" + mine)
                        : message instanceof Message.System || message.content().contains(mine);
                if (!mineToo) {
                    leaks.add(mine + " saw " + message.content());
                }
            }
            List<Message.Tool> results = ScriptedChatModel.toolResults(request);
            if (results.isEmpty()) {
                // The same side-effecting call in every run: shared duplicate state would refuse all but one.
                return calls(call("c-" + mine, "note", "{\"action\":\"ping\"}"));
            }
            return answer("answer " + mine + " from " + results.getFirst().content());
        };
        CountDownLatch allInFlight = new CountDownLatch(RUNS);
        Agent agent = Agent.builder()
                .model(model)
                .systemPrompt("shared prompt")
                .tools(HandlerToolExecutor.builder()
                        .tool(new ToolSpec("note", "note", "{\"type\":\"object\"}"), (caller, args) -> {
                            allInFlight.countDown();
                            try {
                                allInFlight.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return ToolResult.success("noted " + caller.conversationId());
                        })
                        .build())
                .build();

        AgentResult[] results = ManyConversations.runAtOnce(agent, RUNS);

        assertThat(leaks).isEmpty();
        assertThat(allInFlight.getCount()).as("all runs were in flight at once").isZero();
        for (int i = 0; i < RUNS; i++) {
            String token = ManyConversations.token(i);
            assertThat(results[i].outcome()).isEqualTo(new Outcome.Answered());
            assertThat(results[i].text()).isEqualTo("answer " + token + " from noted " + token);
            assertThat(results[i].toolCalls())
                    .singleElement()
                    .extracting(ToolCallRecord::disposition)
                    .isEqualTo(ToolCallRecord.Disposition.EXECUTED);
            assertThat(results[i].transcript())
                    .allMatch(m -> m instanceof Message.Assistant a && a.hasToolCalls()
                            ? a.toolCalls().getFirst().id().equals("c-" + token)
                            : m.content().contains(token));
        }
    }
}

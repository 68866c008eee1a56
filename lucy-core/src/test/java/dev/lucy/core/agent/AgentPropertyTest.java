package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.model.Usage;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The whole loop against many seeded erratic models (repeated, malformed, unknown and id-less calls, empty
 * answers, huge tool results, tight budgets): every request it sends pairs each tool call with exactly its results,
 * and every run ends in a non-empty text.
 */
class AgentPropertyTest {
    private static final int MODELS = 400;
    private static final String SCHEMA = "{\"type\":\"object\"}";
    private static final Caller CALLER = new Caller("T1", "U1", "C1");

    @Test
    void erratic_models_never_see_an_unpaired_tool_message_and_always_get_an_answer_out() {
        for (long seed = 1; seed <= MODELS; seed++) {
            Random random = new Random(seed);
            ErraticModel model = new ErraticModel(random);
            AgentConfig config = AgentConfig.builder()
                    .maxTurns(1 + random.nextInt(8))
                    .loopThreshold(1 + random.nextInt(3))
                    .maxCallsPerTool(1 + random.nextInt(6))
                    .contextBudgetTokens(300 + random.nextInt(6_000))
                    .contextContributionTokens(100)
                    .toolResultMaxTokens(16 + random.nextInt(800))
                    .keepLatestMessages(1 + random.nextInt(6))
                    .build();
            Agent agent = Agent.builder()
                    .model(model)
                    .config(config)
                    .tools(HandlerToolExecutor.builder()
                            .readOnlyTool(
                                    new ToolSpec("search", "s", SCHEMA),
                                    (c, a) -> ToolResult.success("hit "
                                            .repeat(Math.floorMod(
                                                            a.path("q")
                                                                    .asText("null")
                                                                    .hashCode(),
                                                            3)
                                                    * 1_500)))
                            .tool(
                                    new ToolSpec("post", "p", SCHEMA),
                                    (c, a) -> new ToolResult.Success("ok", false, true))
                            .build())
                    .build();
            List<Message> history = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                history.add(Message.user("old question " + i));
                history.add(Message.assistant("old answer " + "x".repeat(random.nextInt(2_000))));
            }

            AgentResult result = agent.run(
                    AgentRequest.builder(CALLER, "go " + seed).history(history).build());

            String context = "model seed " + seed;
            assertThat(model.violations()).as(context).isEmpty();
            assertThat(result.outcome()).as(context).isInstanceOfAny(Outcome.Answered.class, Outcome.Partial.class);
            assertThat(result.text()).as(context).isNotBlank();
            assertThat(result.turns()).as(context).isLessThanOrEqualTo(config.maxTurns() + 3);
            assertPaired(result.transcript(), context);
        }
    }

    /** Answers with random behaviour and checks every request it receives. */
    private static final class ErraticModel implements ChatModel {
        private final Random random;
        private final ReentrantLock lock = new ReentrantLock();
        private final List<String> violations = new ArrayList<>();

        ErraticModel(Random random) {
            this.random = random;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            lock.lock();
            try {
                try {
                    assertPaired(request.messages(), "request");
                } catch (AssertionError e) {
                    violations.add(e.getMessage());
                }
                int choice = random.nextInt(10);
                if (choice < 2) {
                    return response(Message.assistant(random.nextBoolean() ? "" : "That's all, the answer."));
                }
                if (choice < 3) {
                    return response(Message.assistant("Here is an answer."));
                }
                List<ToolCall> calls = new ArrayList<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    String name = switch (random.nextInt(6)) {
                        case 0 -> "serch";
                        case 1, 2 -> "post";
                        default -> "search";
                    };
                    String args = switch (random.nextInt(5)) {
                        case 0 -> "{\"q\": ";
                        case 1 -> "";
                        default -> "{\"q\":\"" + random.nextInt(3) + "\"}";
                    };
                    String id = random.nextInt(4) == 0 ? "" : "id" + random.nextInt(5);
                    calls.add(new ToolCall(id, name, args));
                }
                return response(Message.toolCalls(calls));
            } finally {
                lock.unlock();
            }
        }

        List<String> violations() {
            lock.lock();
            try {
                return List.copyOf(violations);
            } finally {
                lock.unlock();
            }
        }

        private static ChatResponse response(Message.Assistant message) {
            return new ChatResponse(
                    "erratic",
                    message,
                    message.hasToolCalls() ? FinishReason.TOOL_CALLS : FinishReason.STOP,
                    new Usage(1, 1));
        }
    }

    private static void assertPaired(List<Message> messages, String context) {
        int i = 0;
        while (i < messages.size()) {
            Message message = messages.get(i);
            assertThat(message)
                    .as("%s: tool result at %d without its call", context, i)
                    .isNotInstanceOf(Message.Tool.class);
            i++;
            if (message instanceof Message.Assistant assistant && assistant.hasToolCalls()) {
                Set<String> expected = new HashSet<>();
                assistant.toolCalls().forEach(call -> expected.add(call.id()));
                assertThat(expected)
                        .as("%s: distinct, non-blank ids", context)
                        .hasSameSizeAs(assistant.toolCalls())
                        .doesNotContain("");
                Set<String> answered = new HashSet<>();
                while (i < messages.size() && messages.get(i) instanceof Message.Tool tool) {
                    assertThat(answered.add(tool.toolCallId()))
                            .as("%s: one result per call", context)
                            .isTrue();
                    i++;
                }
                assertThat(answered)
                        .as("%s: results answer exactly the calls", context)
                        .isEqualTo(expected);
            }
        }
    }
}

package dev.lucy.bench;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.model.Usage;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent loop's own cost per run, with a model that answers instantly and a tool that returns at once, so
 * everything measured is the loop: building and trimming the prompt, canonical call signatures, the loop checks,
 * handing tool calls to virtual threads and collecting them, events and the result.
 *
 * <p>{@code toolTurns} model turns ask for two tool calls each, then one more turn answers; per-turn overhead is
 * the difference between two settings divided by the difference in turns.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AgentLoopBenchmark extends MicroBenchmark {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}";
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1700000000.000100");

    @Param({"0", "1", "5"})
    public int toolTurns;

    private Agent agent;
    private AgentRequest request;

    @Setup
    public void setUp() {
        int turns = toolTurns;
        ChatModel instant = chatRequest -> {
            long done = chatRequest.messages().stream()
                    .filter(Message.Tool.class::isInstance)
                    .count();
            if (done / 2 < turns) {
                long n = done / 2;
                return new ChatResponse(
                        "bench-model",
                        Message.toolCalls(List.of(
                                new ToolCall("a" + n, "search_tickets", "{\"q\":\"refund " + n + "\",\"limit\":5}"),
                                new ToolCall("b" + n, "get_customer", "{\"id\":\"" + n + "\"}"))),
                        FinishReason.TOOL_CALLS,
                        new Usage(1_000, 30));
            }
            return new ChatResponse(
                    "bench-model",
                    Message.assistant("Three refund tickets are open."),
                    FinishReason.STOP,
                    new Usage(1_200, 40));
        };
        agent = Agent.builder()
                .model(instant)
                .systemPrompt("You are Lucy, a helpful coworker. ".repeat(20))
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(
                                new ToolSpec("search_tickets", "Search support tickets", SCHEMA),
                                (c, args) -> ToolResult.success(
                                        "ticket #1 refund pending; ticket #2 refund sent; ticket #3 refund"
                                                + " asked ".repeat(30)))
                        .readOnlyTool(
                                new ToolSpec("get_customer", "Look up a customer", SCHEMA),
                                (c, args) ->
                                        ToolResult.success("{\"name\":\"Ana\",\"plan\":\"pro\",\"since\":\"2021\"}"))
                        .build())
                .build();
        List<Message> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(Message.user("earlier question " + i + " about the refund policy and its exceptions"));
            history.add(Message.assistant("earlier answer " + i + " explaining the refund policy in detail"));
        }
        request = AgentRequest.builder(CALLER, "Which refund tickets are still open?")
                .history(history)
                .build();
    }

    @Benchmark
    public AgentResult run() {
        return agent.run(request);
    }
}

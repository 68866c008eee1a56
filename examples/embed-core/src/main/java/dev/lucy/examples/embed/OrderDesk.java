package dev.lucy.examples.embed;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.Map;

/**
 * A plain Java service that answers questions about orders with Lucy's agent and one custom tool. Nothing here
 * knows about Slack: the service's own callers (an HTTP endpoint, a queue consumer) hand it a question.
 */
public final class OrderDesk implements AutoCloseable {
    private static final String ORDER_SCHEMA = """
            {"type":"object","properties":{"order":{"type":"string","description":"order id, e.g. A-17"}},
             "required":["order"]}""";

    private final OpenAiCompatibleChatModel client;
    private final Agent agent;

    /** A desk over any OpenAI-compatible server; {@code orders} stands in for the service's own database. */
    public OrderDesk(ModelClientConfig modelConfig, Map<String, String> orders) {
        this.client = OpenAiCompatibleChatModel.create(modelConfig);
        this.agent = agent(client, orders);
    }

    static Agent agent(ChatModel model, Map<String, String> orders) {
        return Agent.builder()
                .model(model)
                .systemPrompt("You answer questions about customer orders. Look orders up; never guess.")
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(
                                new ToolSpec("lookup_order", "Status of one order", ORDER_SCHEMA), (caller, args) -> {
                                    String order = args.path("order").asText();
                                    String status = orders.get(order);
                                    return status == null
                                            ? ToolResult.failure(ToolError.NOT_FOUND, "no order " + order)
                                            : ToolResult.success(status);
                                })
                        .build())
                .config(AgentConfig.builder()
                        .wallClockBudget(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** Answers one question; blocks, so call it from a virtual thread. Never throws for a failed answer. */
    public String ask(String userId, String question) {
        AgentResult result = agent.run(new Caller("orders", userId, "desk-" + userId), question);
        return switch (result.outcome()) {
            case Outcome.Answered answered -> result.text();
            case Outcome.Partial partial -> result.text();
            case Outcome.TimedOut timedOut -> "Sorry, that took too long. Please ask again.";
            case Outcome.Cancelled cancelled -> "Cancelled.";
            case Outcome.Failed failed -> "Sorry, I could not answer right now. Please try again in a minute.";
        };
    }

    @Override
    public void close() {
        client.close();
    }

    /** {@code OPENROUTER_API_KEY=... java -cp ... dev.lucy.examples.embed.OrderDesk "Where is order A-17?"} */
    public static void main(String[] args) {
        String key = System.getenv("OPENROUTER_API_KEY");
        if (key == null || key.isBlank() || args.length == 0) {
            System.err.println("usage: OPENROUTER_API_KEY=... OrderDesk \"question about an order\"");
            System.exit(2);
        }
        try (OrderDesk desk =
                new OrderDesk(ModelClientConfig.builder().apiKey(key).build(), Map.of("A-17", "shipped on Monday"))) {
            System.out.println(desk.ask("cli", String.join(" ", args)));
        }
    }
}

package dev.lucy.bench.baseline;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolHandler;
import dev.lucy.core.spi.ToolResult;

/**
 * Lucy's side: {@link Agent} over the real HTTP client {@link OpenAiCompatibleChatModel} with the task's tools in
 * a {@link HandlerToolExecutor}. Model calls are not streamed, as on the LangChain4j side (its AI service's plain
 * {@code String} method), so both sides make the same requests and read the same responses.
 */
public final class LucyTaskAgent implements TaskAgent {
    private final OpenAiCompatibleChatModel client;
    private final Agent agent;

    /**
     * @param baseUrl the model server's base URL, such as {@code http://127.0.0.1:PORT/v1}
     * @param model the model name to ask for
     * @param maxConcurrentRequests the client's cap on requests in flight (at least the conversations at once)
     */
    public LucyTaskAgent(String baseUrl, String model, int maxConcurrentRequests, SimulatedTools tools) {
        this.client = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl(baseUrl)
                .noApiKey()
                .defaultModel(model)
                .maxConcurrentRequests(maxConcurrentRequests)
                .build());
        ChatModel unstreamed = new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return client.chat(request);
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener) {
                return client.chat(request);
            }
        };
        this.agent = Agent.builder()
                .model(unstreamed)
                .systemPrompt(ToolTask.SYSTEM_PROMPT)
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(
                                new ToolSpec(ToolTask.FIND_ORDER, ToolTask.FIND_ORDER_DESCRIPTION, ToolTask.SCHEMA),
                                tool(tools, true))
                        .readOnlyTool(
                                new ToolSpec(
                                        ToolTask.TRACK_SHIPMENT, ToolTask.TRACK_SHIPMENT_DESCRIPTION, ToolTask.SCHEMA),
                                tool(tools, false))
                        .build())
                .build();
    }

    private static ToolHandler tool(SimulatedTools tools, boolean findOrder) {
        return (caller, arguments) -> {
            String order = arguments.path("order").asText("null");
            try {
                return ToolResult.success(findOrder ? tools.findOrder(order) : tools.trackShipment(order));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ToolResult.failure(ToolError.FATAL, "interrupted");
            }
        };
    }

    @Override
    public String name() {
        return "lucy";
    }

    @Override
    public String answer(String conversationId, String message) throws AgentFailedException {
        AgentResult result = agent.run(AgentRequest.of(new Caller("T1", "U1", conversationId), message));
        if (!(result.outcome() instanceof dev.lucy.core.agent.Outcome.Answered)) {
            throw new AgentFailedException("lucy: " + result.outcome());
        }
        return result.text();
    }

    @Override
    public void close() {
        client.close();
    }

    /** The agent ended without an answer. */
    public static final class AgentFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        AgentFailedException(String message) {
            super(message);
        }
    }
}

package dev.lucy.bench.baseline;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.memory.ChatMemoryAccess;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The baseline: a LangChain4j AI service ({@link AiServices}) over {@link OpenAiChatModel} on LangChain4j's JDK
 * HTTP client ({@code java.net.http}, HTTP/1.1 on cleartext as Lucy's client), the task's tools as a {@link Tool}
 * class, and a chat memory per conversation from a {@code ChatMemoryProvider}. No retries
 * ({@code maxRetries(0)}), as Lucy's side, so an injected fault is a failed task on both sides.
 *
 * <p>Thread safe: the AI service keeps one memory per conversation id; {@link #forget} drops it.
 */
public final class LangChain4jTaskAgent implements TaskAgent {
    /** Memory per conversation: the task needs 7 messages (system, user, two tool rounds, answer). */
    public static final int MEMORY_MESSAGES = 20;

    /** The AI service's interface. */
    interface Assistant extends ChatMemoryAccess {
        String chat(@MemoryId String conversationId, @UserMessage String message);
    }

    /** The task's tools as LangChain4j sees them; delegates to the shared {@link SimulatedTools}. */
    public static final class Tools {
        private final SimulatedTools tools;

        Tools(SimulatedTools tools) {
            this.tools = tools;
        }

        @Tool(name = ToolTask.FIND_ORDER, value = ToolTask.FIND_ORDER_DESCRIPTION)
        public String findOrder(@P("the order number") String order) throws InterruptedException {
            return tools.findOrder(order);
        }

        @Tool(name = ToolTask.TRACK_SHIPMENT, value = ToolTask.TRACK_SHIPMENT_DESCRIPTION)
        public String trackShipment(@P("the order number") String order) throws InterruptedException {
            return tools.trackShipment(order);
        }
    }

    private final Assistant assistant;

    /**
     * @param baseUrl the model server's base URL, such as {@code http://127.0.0.1:PORT/v1}
     * @param model the model name to ask for
     * @param timeout the time a model call may take
     */
    public LangChain4jTaskAgent(String baseUrl, String model, Duration timeout, SimulatedTools tools) {
        this(baseUrl, model, timeout, ToolTask.SYSTEM_PROMPT, new Tools(tools));
    }

    /**
     * A LangChain4j agent with other tools and prompt, for other scenarios (a load harness comparing Lucy's full
     * app, for example).
     *
     * @param systemPrompt the system message of every conversation
     * @param toolObjects objects whose {@link Tool}-annotated methods are the agent's tools
     */
    public LangChain4jTaskAgent(
            String baseUrl, String model, Duration timeout, String systemPrompt, Object... toolObjects) {
        OpenAiChatModel chatModel = OpenAiChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()
                        .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
                .baseUrl(baseUrl)
                .apiKey("none")
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .build();
        this.assistant = AiServices.builder(Assistant.class)
                .chatModel(chatModel)
                .systemMessageProvider(id -> systemPrompt)
                .tools(toolObjects)
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder()
                        .id(id)
                        .maxMessages(MEMORY_MESSAGES)
                        .build())
                .build();
    }

    @Override
    public String name() {
        return "langchain4j";
    }

    @Override
    public String answer(String conversationId, String message) {
        return assistant.chat(conversationId, message);
    }

    @Override
    public void forget(String conversationId) {
        assistant.evictChatMemory(conversationId);
    }
}

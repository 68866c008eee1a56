package dev.lucy.bench;

import com.sun.net.httpserver.HttpServer;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.model.ResilientChatModel;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The model client's own cost per call, without a model's latency: the resilient layer (breaker, budgets, events)
 * over an in-process endpoint, and the HTTP client against a loopback server answering at once, plain and streamed.
 *
 * <p>{@code ./lucy bench jmh -f 1 -wi 2 -i 3 ModelClientBenchmark}
 */
// The JDK's loopback server otherwise lets Nagle's algorithm and delayed ACKs add ~40 ms to larger answers.
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ModelClientBenchmark extends MicroBenchmark {
    private static final int STREAM_CHUNKS = 100;

    private final ChatRequest request = ChatRequest.builder()
            .addMessage(Message.system("You are Lucy, a coworker in Slack."))
            .addMessage(Message.user("What is on the team calendar this week?"))
            .build();

    private ChatModel direct;
    private ChatModel resilient;
    private ChatModel budgeted;
    private HttpServer server;
    private OpenAiCompatibleChatModel http;

    @Setup
    public void setUp() throws IOException {
        direct = request -> new ChatResponse(
                request.model().orElse("m"), Message.assistant("ok"), FinishReason.STOP, new Usage(20, 1));
        ResilienceConfig config = ResilienceConfig.builder()
                .tier(ModelTier.DEFAULT, "m", "backup")
                .build();
        resilient = ResilientChatModel.builder(direct).config(config).build();
        budgeted = ResilientChatModel.builder(direct)
                .config(config.toBuilder()
                        .budget(
                                "m",
                                new ResilienceConfig.Budget(
                                        Optional.of(RateBudget.Limit.perMinute(1_000_000_000L)),
                                        Optional.of(RateBudget.Limit.perMinute(1_000_000_000L))))
                        .build())
                .build();

        String plain = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"The calendar has the planning meeting on Tuesday.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":10}}";
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < STREAM_CHUNKS; i++) {
            sse.append(
                            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,")
                    .append("\"delta\":{\"content\":\"word \"},\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":100}}\n\n");
        sse.append("data: [DONE]\n\n");
        byte[] plainBytes = plain.getBytes(StandardCharsets.UTF_8);
        byte[] sseBytes = sse.toString().getBytes(StandardCharsets.UTF_8);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            boolean stream = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .contains("\"stream\":true");
            byte[] body = stream ? sseBytes : plainBytes;
            exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .apiKey("sk-bench")
                .requestTimeout(Duration.ofSeconds(30))
                .build());
    }

    @TearDown
    public void tearDown() {
        http.close();
        server.stop(0);
    }

    @Benchmark
    public ChatResponse endpointDirect() {
        return direct.chat(request);
    }

    @Benchmark
    public ChatResponse resilientLayer() {
        return resilient.chat(request);
    }

    @Benchmark
    public ChatResponse resilientLayerWithBudgets() {
        return budgeted.chat(request);
    }

    @Benchmark
    public ChatResponse httpPlainLoopback() {
        return http.chat(request);
    }

    @Benchmark
    public ChatResponse httpStreamed100ChunksLoopback(Blackhole hole) {
        StreamListener listener = hole::consume;
        return http.chat(request, listener);
    }
}

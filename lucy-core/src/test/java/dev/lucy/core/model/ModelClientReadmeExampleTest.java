package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keeps the README's "Model client" snippet compiling and working. */
class ModelClientReadmeExampleTest {

    @Test
    void the_readme_snippet_streams_an_answer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("data: {\"choices\":[{\"delta\":{\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}]}\n\n"
                                + "data: [DONE]\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        String openRouterKey = "sk-or-v1-example";
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // The README snippet, pointed at the loopback server instead of OpenRouter.
            var endpoint = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                    .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                    .apiKey(openRouterKey)
                    .build());
            ChatModel model = ResilientChatModel.builder(endpoint)
                    .config(ResilienceConfig.builder()
                            .tier(ModelTier.DEFAULT, "openai/gpt-5-mini", "openai/gpt-4o-mini")
                            .budget("openai/gpt-5-mini", ResilienceConfig.Budget.perMinute(500, 200_000))
                            .build())
                    .build();
            ChatResponse answer = model.chat(
                    ChatRequest.builder().addMessage(Message.user("Hi Lucy")).build(), System.out::print);

            assertThat(answer.message().content()).isEqualTo("Hi!");
            endpoint.close();
        } finally {
            System.setOut(stdout);
            server.stop(0);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("Hi!");
    }
}

package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against small loopback servers: what goes on the wire and how transport failures are typed. */
class OpenAiCompatibleChatModelTest {
    private static final String KEY = "sk-test-0123456789abcdef";
    private static final ChatRequest HELLO =
            ChatRequest.builder().model("m1").addMessage(Message.user("hello")).build();

    private final ObjectMapper json = new ObjectMapper();
    /** Released when the test is over: a handler waiting on it is a server that never answers. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    private final List<AutoCloseable> cleanup = new ArrayList<>(List.<AutoCloseable>of(testOver::countDown));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private String serve(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", handler);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        cleanup.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private OpenAiCompatibleChatModel client(String baseUrl, ModelClientConfig.Builder settings) {
        OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.create(
                settings.baseUrl(baseUrl).apiKey(KEY).build());
        cleanup.add(model);
        return model;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Holds a server's handler until the test is over. */
    private void hang() {
        try {
            testOver.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ModelFailure failureOf(Throwable t) {
        return ((ModelException) t).failure();
    }

    @Test
    void sends_the_key_as_a_bearer_token_and_reads_the_answer() throws Exception {
        AtomicReference<String> auth = new AtomicReference<>();
        AtomicReference<JsonNode> sent = new AtomicReference<>();
        String url = serve(exchange -> {
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            sent.set(json.readTree(exchange.getRequestBody()));
            respond(
                    exchange,
                    200,
                    "application/json",
                    "{\"model\":\"m1\",\"choices\":[{\"message\":{\"content\":\"hi there\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}");
        });

        ChatResponse r = client(url, ModelClientConfig.builder().header("X-Title", "Lucy"))
                .chat(HELLO);

        assertThat(r.message().content()).isEqualTo("hi there");
        assertThat(r.usage()).isEqualTo(new Usage(3, 2));
        assertThat(auth.get()).isEqualTo("Bearer " + KEY);
        assertThat(sent.get().get("model").asText()).isEqualTo("m1");
        assertThat(sent.get().has("stream")).isFalse();
    }

    @Test
    void a_request_without_a_model_asks_the_configured_default() throws Exception {
        AtomicReference<String> model = new AtomicReference<>();
        String url = serve(exchange -> {
            model.set(json.readTree(exchange.getRequestBody()).get("model").asText());
            respond(exchange, 200, "application/json", "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}");
        });

        client(url, ModelClientConfig.builder().defaultModel("house-model"))
                .chat(ChatRequest.builder().addMessage(Message.user("hi")).build());

        assertThat(model.get()).isEqualTo("house-model");
    }

    @Test
    void streams_text_to_the_listener_as_it_arrives() throws Exception {
        String url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : List.of("Hel", "lo")) {
                    out.write(("data: {\"choices\":[{\"delta\":{\"content\":\"" + piece + "\"}}]}\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        List<String> deltas = new ArrayList<>();

        ChatResponse r = client(url, ModelClientConfig.builder()).chat(HELLO, deltas::add);

        assertThat(deltas).containsExactly("Hel", "lo");
        assertThat(r.message().content()).isEqualTo("Hello");
    }

    @Test
    void servers_that_ignore_the_stream_flag_are_still_understood() throws Exception {
        String url = serve(exchange -> {
            boolean streamAsked =
                    json.readTree(exchange.getRequestBody()).path("stream").asBoolean(false);
            if (streamAsked) {
                respond(exchange, 200, "application/json", "{\"choices\":[{\"message\":{\"content\":\"whole\"}}]}");
            } else {
                respond(
                        exchange,
                        200,
                        "text/event-stream",
                        "data: {\"choices\":[{\"delta\":{\"content\":\"streamed\"},\"finish_reason\":\"stop\"}]}\n\n");
            }
        });
        OpenAiCompatibleChatModel model = client(url, ModelClientConfig.builder());
        List<String> deltas = new ArrayList<>();

        assertThat(model.chat(HELLO, deltas::add).message().content()).isEqualTo("whole");
        assertThat(deltas).containsExactly("whole");
        assertThat(model.chat(HELLO).message().content()).isEqualTo("streamed");
    }

    @Test
    void a_429_carries_the_retry_after_and_never_the_key() throws Exception {
        String url = serve(exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "2");
            respond(exchange, 429, "application/json", "{\"error\":{\"message\":\"slow down, " + KEY + "\"}}");
        });

        assertThatThrownBy(() -> client(url, ModelClientConfig.builder()).chat(HELLO))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.failure()).isEqualTo(new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(2))));
                    assertThat(e.getMessage()).doesNotContain(KEY);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void an_html_page_with_status_200_is_a_typed_malformed_answer() throws Exception {
        String url = serve(exchange -> respond(exchange, 200, "text/html", "<html>captive portal</html>"));

        assertThatThrownBy(() -> client(url, ModelClientConfig.builder()).chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.MalformedResponse.class));
    }

    @Test
    void a_refused_connection_is_typed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        assertThatThrownBy(() -> client("http://127.0.0.1:" + port + "/v1", ModelClientConfig.builder())
                        .chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.ConnectionFailed.class));
    }

    @Test
    void a_connection_reset_mid_stream_is_typed_as_a_broken_stream() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                readRequest(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                String chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"partial\"}}]}\n\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // the test fails on the client side if the server could not play its part
            }
        });
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(
                        () -> client("http://127.0.0.1:" + server.getLocalPort() + "/v1", ModelClientConfig.builder())
                                .chat(HELLO, deltas::add))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.StreamBroken.class));
        assertThat(deltas).containsExactly("partial");
    }

    @Test
    void a_call_on_a_closed_client_fails_typed() throws Exception {
        String url = serve(exchange -> respond(exchange, 200, "application/json", "{}"));
        OpenAiCompatibleChatModel model = client(url, ModelClientConfig.builder());
        model.close();

        assertThatThrownBy(() -> model.chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.ConnectionFailed.class));
    }

    @Test
    void a_server_that_never_answers_times_out_typed() throws Exception {
        String url = serve(exchange -> hang());

        assertThatThrownBy(() -> client(url, ModelClientConfig.builder().requestTimeout(Duration.ofMillis(300)))
                        .chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.TimedOut.class));
    }

    @Test
    void a_stream_that_stalls_longer_than_the_idle_timeout_times_out_typed() throws Exception {
        String url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: {\"choices\":[{\"delta\":{\"content\":\"thinking\"}}]}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            hang();
        });

        assertThatThrownBy(() -> client(url, ModelClientConfig.builder().streamIdleTimeout(Duration.ofMillis(300)))
                        .chat(HELLO, d -> {}))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(new ModelFailure.TimedOut(Duration.ofMillis(300))));
    }

    @Test
    void an_interrupted_caller_gets_a_cancelled_failure() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        String url = serve(exchange -> {
            arrived.countDown();
            hang();
        });
        OpenAiCompatibleChatModel model = client(url, ModelClientConfig.builder());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                model.chat(HELLO);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });

        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
        assertThat(failureOf(thrown.get())).isInstanceOf(ModelFailure.Cancelled.class);
    }

    @Test
    void a_call_that_waits_too_long_for_a_free_slot_times_out_typed() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        cleanup.add(release::countDown);
        String url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: {\"choices\":[{\"delta\":{\"content\":\"slow\"}}]}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                streaming.countDown();
                release.await();
                out.write("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        OpenAiCompatibleChatModel model = client(
                url, ModelClientConfig.builder().maxConcurrentRequests(1).requestTimeout(Duration.ofMillis(300)));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChatResponse> first = threads.submit(() -> model.chat(HELLO, d -> streaming.countDown()));
            assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> model.chat(HELLO)).isInstanceOfSatisfying(ModelException.class, e -> {
                assertThat(e.failure()).isEqualTo(new ModelFailure.TimedOut(Duration.ofMillis(300)));
                assertThat(e.getMessage()).contains("slots");
            });

            release.countDown();
            assertThat(first.get().message().content()).isEqualTo("slow");
        }
    }

    @Test
    void requests_in_flight_never_exceed_the_cap_and_the_rest_queue() throws Exception {
        int cap = 4;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch capReached = new CountDownLatch(1);
        String url = serve(exchange -> {
            int now = inFlight.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            if (now >= cap) {
                capReached.countDown();
            }
            try {
                capReached.await(10, TimeUnit.SECONDS);
                respond(exchange, 200, "application/json", "{\"choices\":[{\"message\":{\"content\":\"ok\"}}]}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        OpenAiCompatibleChatModel model =
                client(url, ModelClientConfig.builder().maxConcurrentRequests(cap));
        List<Future<ChatResponse>> answers = new ArrayList<>();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                answers.add(threads.submit(() -> model.chat(HELLO)));
            }
        }

        for (Future<ChatResponse> a : answers) {
            assertThat(a.get().message().content()).isEqualTo("ok");
        }
        assertThat(highest.get()).isEqualTo(cap);
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        String lower = head.toString().toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at);
            int length = Integer.parseInt(lower.substring(at + 15, end).strip());
            in.readNBytes(length);
        }
    }
}

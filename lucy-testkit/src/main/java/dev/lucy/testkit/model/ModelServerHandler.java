package dev.lucy.testkit.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/** Serves one HTTP exchange: routes it, applies the turn the server decides, and writes OpenAI's wire format. */
final class ModelServerHandler implements HttpHandler {
    private static final String STREAM_ERROR_EVENT = Wire.errorBody(
            "The server had an error while processing your request. Sorry about that!", "server_error", null, null);

    private static final byte[] KEEP_ALIVE_COMMENT = ": OPENROUTER PROCESSING\n\n".getBytes(StandardCharsets.UTF_8);

    private final ScriptedModelServer server;

    ModelServerHandler(ScriptedModelServer server) {
        this.server = server;
    }

    /**
     * Thrown to drop the connection: the JDK server closes the connection of an exchange whose handler throws,
     * without finishing the response. Nothing else closes a connection abruptly.
     */
    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        server.opened();
        try {
            route(exchange);
            exchange.close();
        } catch (DropConnection drop) {
            throw drop;
        } catch (IOException e) {
            // The client went away; there is nobody left to answer.
            exchange.close();
        } finally {
            server.finished();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/v1/chat/completions") && method.equals("POST")) {
            chat(exchange);
        } else if (path.equals("/v1/models") && method.equals("GET")) {
            exchange.getRequestBody().readAllBytes();
            long created = server.created();
            sendJson(exchange, 200, Wire.models(server.modelNames(), created).toString());
        } else if (path.startsWith("/v1/models/") && method.equals("GET")) {
            exchange.getRequestBody().readAllBytes();
            // Model ids may contain slashes (OpenRouter's "vendor/model").
            String name = path.substring("/v1/models/".length());
            if (server.modelNames().contains(name)) {
                long created = server.created();
                sendJson(exchange, 200, Wire.model(name, created).toString());
            } else {
                send(exchange, Fault.modelNotFound(name));
            }
        } else {
            exchange.getRequestBody().readAllBytes();
            send(exchange, Fault.status(404, "Invalid URL (" + method + " " + path + ")"));
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        Wire.Parsed parsed = Wire.parse(
                server.mapper(),
                server.nextSequence(),
                body,
                headers,
                server.config().strictConversation());
        ModelRequest request = parsed.request();
        server.record(request);
        server.arrived(request);
        try {
            respond(exchange, request, parsed);
        } finally {
            server.answering(request);
        }
    }

    private void respond(HttpExchange exchange, ModelRequest request, Wire.Parsed parsed) throws IOException {
        Optional<String> key = server.config().apiKey();
        if (key.isPresent() && !request.header("authorization").orElse("").equals("Bearer " + key.get())) {
            send(exchange, Fault.unauthorized());
            return;
        }
        if (parsed.rejection().isPresent()) {
            send(exchange, parsed.rejection().get());
            return;
        }
        if (server.config().rejectUnknownModels() && !server.modelNames().contains(request.model())) {
            send(exchange, Fault.modelNotFound(request.model()));
            return;
        }
        int promptTokens = Wire.promptTokens(request);
        int window = server.config().contextWindow();
        if (promptTokens > window) {
            send(exchange, Fault.contextLengthExceeded(window, promptTokens));
            return;
        }
        Turn turn;
        try {
            turn = server.decide(request);
        } catch (RuntimeException e) {
            send(exchange, Fault.status(500, "The scripted model server's script failed: " + e));
            return;
        }
        Duration wait = server.latencyFor(request, turn).sample();
        Optional<Duration> keepAlive = server.config().keepAliveComments();
        if (turn instanceof Reply reply && request.stream() && keepAlive.isPresent()) {
            // Like OpenRouter: the stream opens at once and SSE comments keep it alive while the model works.
            Stream stream = openStream(exchange, reply.chunkDelay());
            stream.comment(wait, keepAlive.get());
            server.answering(request);
            streamReply(stream, request, parsed.includeUsage(), reply, promptTokens);
            return;
        }
        pause(wait);
        server.answering(request);
        switch (turn) {
            case Reply reply -> answer(exchange, request, parsed.includeUsage(), reply, promptTokens);
            case Fault.HttpError error -> send(exchange, error);
            case Fault.ConnectionReset reset -> throw new DropConnection();
            case Fault.StreamError error -> breakOff(exchange, request, error.partialContent(), true);
            case Fault.StreamDropped dropped -> breakOff(exchange, request, dropped.partialContent(), false);
            case Fault.NoAnswer never -> {
                awaitEnd();
                throw new DropConnection();
            }
        }
    }

    private void answer(
            HttpExchange exchange, ModelRequest request, boolean includeUsage, Reply reply, int promptTokens)
            throws IOException {
        Reply served = capped(reply, request);
        Usage usage = served.usage().orElseGet(() -> new Usage(promptTokens, Wire.completionTokens(served)));
        String id = completionId();
        long created = server.created();
        if (!request.stream()) {
            sendJson(
                    exchange,
                    200,
                    Wire.completion(id, created, request.model(), served, usage).toString());
            return;
        }
        streamReply(openStream(exchange, served.chunkDelay()), request, includeUsage, reply, promptTokens);
    }

    /** Streams a reply on an open stream: role, content, tool-call deltas, finish, usage, {@code [DONE]}. */
    private void streamReply(Stream stream, ModelRequest request, boolean includeUsage, Reply reply, int promptTokens)
            throws IOException {
        Reply served = capped(reply, request);
        Usage usage = served.usage().orElseGet(() -> new Usage(promptTokens, Wire.completionTokens(served)));
        String id = completionId();
        long created = server.created();
        streamContent(stream, id, created, request.model(), served);
        for (int i = 0; i < served.toolCalls().size(); i++) {
            ToolCall call = served.toolCalls().get(i);
            List<String> fragments = Wire.pieces(call.arguments(), served.chunkSize());
            stream.data(Wire.chunk(id, created, request.model(), Wire.toolCallDelta(i, Optional.of(call), ""), null));
            for (String fragment : fragments) {
                stream.data(Wire.chunk(
                        id, created, request.model(), Wire.toolCallDelta(i, Optional.empty(), fragment), null));
            }
        }
        stream.data(Wire.chunk(id, created, request.model(), Wire.delta(), served.finishReason()));
        if (includeUsage) {
            stream.data(Wire.usageChunk(id, created, request.model(), usage));
        }
        stream.raw("data: [DONE]\n\n");
        stream.flush();
    }

    /** The role chunk, then the content in pieces. */
    private void streamContent(Stream stream, String id, long created, String model, Reply reply) throws IOException {
        ObjectNode role = Wire.delta().put("role", "assistant");
        if (reply.hasToolCalls() && reply.content().isEmpty()) {
            role.putNull("content");
        } else {
            role.put("content", "");
        }
        role.putNull("refusal");
        stream.data(Wire.chunk(id, created, model, role, null));
        for (String piece : Wire.pieces(reply.content(), reply.chunkSize())) {
            stream.data(Wire.chunk(id, created, model, Wire.delta().put("content", piece), null));
        }
    }

    /** A text reply longer than the client's max tokens is cut there, with {@code finish_reason: length}. */
    private static Reply capped(Reply reply, ModelRequest request) {
        if (request.maxTokens().isEmpty() || reply.hasToolCalls()) {
            return reply;
        }
        int max = request.maxTokens().getAsInt();
        if (Wire.completionTokens(reply) <= max) {
            return reply;
        }
        return reply.withContent(
                        reply.content().substring(0, Math.min(reply.content().length(), max * 4)))
                .withFinishReason("length");
    }

    /** Starts a {@code 200 OK} answer with some content, then breaks it off. */
    private void breakOff(HttpExchange exchange, ModelRequest request, String partial, boolean errorEvent)
            throws IOException {
        String id = completionId();
        long created = server.created();
        Reply reply = Reply.text(partial);
        if (!request.stream()) {
            byte[] full = Wire.completion(id, created, request.model(), reply, Usage.NONE)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, full.length);
            OutputStream out = exchange.getResponseBody();
            out.write(full, 0, full.length / 2);
            out.flush();
            throw new DropConnection();
        }
        Stream stream = openStream(exchange, Duration.ZERO);
        streamContent(stream, id, created, request.model(), reply);
        stream.flush(); // the partial content reaches the client before the break
        if (!errorEvent) {
            throw new DropConnection();
        }
        // OpenAI sends one error event and ends the stream, without a finish reason or [DONE].
        stream.raw("data: " + STREAM_ERROR_EVENT + "\n\n");
        stream.flush();
    }

    private Stream openStream(HttpExchange exchange, Duration gap) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("x-request-id", requestId());
        exchange.sendResponseHeaders(200, 0);
        return new Stream(exchange.getResponseBody(), gap);
    }

    /** Writes server-sent events, pausing between two of them as the reply asks. */
    private final class Stream {
        private final OutputStream out;
        private final Duration gap;
        private boolean first = true;

        Stream(OutputStream out, Duration gap) {
            this.out = out;
            this.gap = gap;
        }

        void data(ObjectNode chunk) throws IOException {
            raw("data: " + chunk + "\n\n");
        }

        /** Sends OpenRouter's keep-alive comment at once and then every {@code every} until {@code wait} is over. */
        void comment(Duration wait, Duration every) throws IOException {
            Duration left = wait;
            while (true) {
                out.write(KEEP_ALIVE_COMMENT);
                out.flush();
                if (left.isZero()) {
                    return;
                }
                Duration step = left.compareTo(every) < 0 ? left : every;
                pause(step);
                left = left.minus(step);
            }
        }

        /**
         * Writes one event. With a gap between events each one is flushed at once, so the client sees it before the
         * pause; without a gap the events of a reply go out together ({@link #flush()}), as one network write rather
         * than one per event: the client cannot tell them apart in time anyway, and under load every write and
         * wake-up costs CPU on both sides.
         */
        void raw(String event) throws IOException {
            if (!first) {
                pause(gap);
            }
            first = false;
            out.write(event.getBytes(StandardCharsets.UTF_8));
            if (!gap.isZero()) {
                out.flush();
            }
        }

        /** Sends what was written so far. */
        void flush() throws IOException {
            out.flush();
        }
    }

    private void send(HttpExchange exchange, Fault.HttpError error) throws IOException {
        error.retryAfter().ifPresent(after -> {
            long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            exchange.getResponseHeaders().set("retry-after-ms", Long.toString(after.toMillis()));
        });
        sendJson(exchange, error.status(), error.body());
    }

    private void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-request-id", requestId());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Waits without holding a platform thread. Closing or resetting the server interrupts the wait and drops the
     * connection.
     * (A timed wait on one latch shared by thousands of requests would cost a scan of all waiters at each
     * timeout; a sleep costs nothing while it lasts.)
     */
    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        if (server.closing().getCount() == 0) {
            throw new DropConnection();
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DropConnection();
        }
    }

    /** Waits until the server closes or resets, either of which interrupts this handler. */
    private void awaitEnd() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String completionId() {
        return "chatcmpl-" + randomId(24);
    }

    private static String requestId() {
        return "req_" + randomId(24);
    }

    private static String randomId(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}

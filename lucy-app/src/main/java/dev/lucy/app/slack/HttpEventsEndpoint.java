package dev.lucy.app.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Events API, interactivity and slash commands over HTTP, served by the JDK's {@link HttpServer}: each POST
 * to the configured path becomes a Bolt {@link Request} (as Bolt's servlet adapter builds it) and goes through
 * {@link App#run}, whose request-verification middleware checks Slack's signature with the signing secret and
 * answers 401 when it does not match. Bodies above {@value #MAX_BODY_BYTES} bytes are refused with 413.
 */
final class HttpEventsEndpoint {
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventsEndpoint.class);

    private final App app;
    private final SlackRequestParser parser;
    private final String path;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lucy-slack-http-", 0).factory());

    HttpEventsEndpoint(App app, String host, int port, String path) throws IOException {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.path = path;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, waits up to {@code grace} for requests in progress, then closes. */
    void stop(Duration grace) {
        server.stop((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()));
        executor.shutdown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                send(exchange, 405, "text/plain", "method not allowed");
                return;
            }
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (bytes.length > MAX_BODY_BYTES) {
                send(exchange, 413, "text/plain", "request too large");
                return;
            }
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            SlackRequestParser.HttpRequest raw = SlackRequestParser.HttpRequest.builder()
                    .requestUri(exchange.getRequestURI().getPath())
                    .queryString(
                            QueryStringParser.toMap(exchange.getRequestURI().getRawQuery()))
                    .headers(new RequestHeaders(headers))
                    .requestBody(new String(bytes, StandardCharsets.UTF_8))
                    .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                    .build();
            Response response;
            try {
                Request<?> request = parser.parse(raw);
                response = app.run(request);
            } catch (Exception e) {
                LOG.error("a Slack request over HTTP could not be handled", e);
                send(exchange, 500, "text/plain", "error");
                return;
            }
            if (response.getHeaders() != null) {
                response.getHeaders()
                        .forEach((name, values) -> values.forEach(
                                v -> exchange.getResponseHeaders().add(name, v)));
            }
            int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
            if (status == 401) {
                LOG.warn("refused a request to {} with a missing or wrong Slack signature", path);
            }
            send(exchange, status, response.getContentType(), response.getBody());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}

package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare Socket Mode client for checking frames exactly: it acks only when told to. */
final class RawSocketClient extends WebSocketClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode;

    private RawSocketClient(URI uri) {
        super(uri);
    }

    /** Opens a connection the way SDKs do: apps.connections.open with the app token, then the URL it returns. */
    static RawSocketClient connect(SlackSimulator slack) throws Exception {
        return connect(URI.create(openUrl(slack)));
    }

    /** {@link #connect(SlackSimulator)}, then reads the hello frame: for checking what comes after it. */
    static RawSocketClient connectPastHello(SlackSimulator slack) throws Exception {
        RawSocketClient client = connect(slack);
        client.next(Duration.ofSeconds(10));
        return client;
    }

    static RawSocketClient connect(URI uri) throws InterruptedException {
        RawSocketClient client = new RawSocketClient(uri);
        if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new AssertionError("could not connect to " + uri);
        }
        return client;
    }

    /** Tries to connect without expecting to stay connected; the server may close at once. */
    static RawSocketClient attempt(URI uri) throws InterruptedException {
        RawSocketClient client = new RawSocketClient(uri);
        client.connectBlocking(10, TimeUnit.SECONDS);
        return client;
    }

    static String openUrl(SlackSimulator slack) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(slack.methodsUrl() + "apps.connections.open"))
                            .header("Authorization", "Bearer " + slack.appToken())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(response.body()).path("url").asText();
        }
    }

    /** The next frame, failing the test when none comes in time. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode frame = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout);
        }
        return frame;
    }

    /** The next frame if one comes within {@code timeout}. */
    Optional<JsonNode> maybeNext(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    void ack(JsonNode envelope) {
        send("{\"envelope_id\":\"" + envelope.path("envelope_id").asText() + "\"}");
    }

    void ack(JsonNode envelope, String payloadJson) {
        send("{\"envelope_id\":\"" + envelope.path("envelope_id").asText() + "\",\"payload\":" + payloadJson + "}");
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
        try {
            received.add(MAPPER.readTree(message));
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + message, e);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode = code;
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {}
}

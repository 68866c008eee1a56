package dev.lucy.app.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web API calls Lucy makes for every message ({@code chat.postMessage}, {@code chat.update},
 * {@code reactions.add}...), sent as JSON with the JDK's HTTP client (HTTP/2 where Slack offers it, connections
 * kept) and read with one shared Jackson mapper: a fifth of the memory and about half the time of the Slack SDK's
 * client per call, which builds a new Gson for every answer it reads (lucy-bench's SlackCallBenchmark). Everything
 * else (Socket Mode, events, the calls made now and then) stays with the SDK and Bolt.
 *
 * <p>Each request is told to a {@link SlackCallObserver}. Thread safe; {@link #call} blocks (meant for virtual
 * threads).
 */
public final class SlackWebApi {
    private static final Logger LOG = LoggerFactory.getLogger(SlackWebApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Web API method names, so a request never goes to a path built from arbitrary text. */
    private static final Pattern METHOD = Pattern.compile("[a-z]+(\\.[a-zA-Z]+){1,3}");
    /** How long a call may take before it counts as unreachable (and is retried). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final java.util.function.Function<JsonNode, String> token;
    private final HttpClient http;
    private final SlackCallObserver observer;

    private SlackWebApi(
            String baseUrl, java.util.function.Function<JsonNode, String> token, SlackCallObserver observer) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = base.endsWith("/") ? base : base + "/";
        this.token = Objects.requireNonNull(token, "token");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.http = HttpClient.newBuilder()
                // HTTP/2 over TLS (Slack's own); plain HTTP/1.1 on loopback, where nothing would upgrade.
                .version(this.baseUrl.startsWith("https:") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                // The client's own steps run on the thread that completes them instead of hopping to a pool: about
                // a third less CPU per call. No code of Lucy's runs there: answers are read whole, as bytes.
                .executor(Runnable::run)
                .build();
    }

    /**
     * A client for the Web API at {@code baseUrl} (Slack's is {@code https://slack.com/api/}) with a bot token.
     */
    public static SlackWebApi create(String baseUrl, String token, SlackCallObserver observer) {
        Objects.requireNonNull(token, "token");
        return new SlackWebApi(baseUrl, body -> token, observer);
    }

    /**
     * A client for the Web API at {@code baseUrl} that sends each call with the token {@code tokenFor} gives for the
     * channel, person or workspace it names (see {@link SlackWorkspaces#tokenFor}).
     */
    public static SlackWebApi routed(
            String baseUrl, java.util.function.Function<String, String> tokenFor, SlackCallObserver observer) {
        Objects.requireNonNull(tokenFor, "tokenFor");
        return new SlackWebApi(baseUrl, body -> tokenFor.apply(WorkspaceTokens.subject(body)), observer);
    }

    /** A new JSON body for {@link #call}. */
    public static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /**
     * Sends one request and reads the answer. An answer with {@code "ok":false} is a {@link Reply} too; only a
     * request that got no answer throws.
     */
    public Reply call(String method, ObjectNode body) throws IOException, InterruptedException {
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("not a Web API method: " + method);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + method))
                .timeout(DEFAULT_TIMEOUT)
                .header("Authorization", "Bearer " + token.apply(body))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            report(method, SlackCallObserver.Result.UNREACHABLE, start);
            throw e;
        }
        int status = response.statusCode();
        Optional<Duration> retryAfter =
                response.headers().firstValue("Retry-After").flatMap(SlackWebApi::seconds);
        if (status != 200) {
            report(method, outcome(status), start);
            return new Reply(status, retryAfter, JSON.missingNode());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            report(method, SlackCallObserver.Result.UNREACHABLE, start);
            throw new IOException("Slack's answer to " + method + " is not JSON", e);
        }
        report(
                method,
                answer.path("ok").asBoolean() ? SlackCallObserver.Result.OK : SlackCallObserver.Result.SLACK_ERROR,
                start);
        return new Reply(status, retryAfter, answer);
    }

    private static SlackCallObserver.Result outcome(int status) {
        if (status == 429) {
            return SlackCallObserver.Result.RATE_LIMITED;
        }
        return status >= 500 ? SlackCallObserver.Result.SERVER_ERROR : SlackCallObserver.Result.CLIENT_ERROR;
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void report(String method, SlackCallObserver.Result outcome, long start) {
        try {
            observer.webApiCall(method, outcome, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // Metrics never cost a message: the request went through whatever the observer did.
            LOG.warn("Slack call observer failed: {}", e.toString());
        }
    }

    /**
     * One answer: the HTTP status, Slack's {@code Retry-After} when it sent one, and the JSON body (missing unless
     * the status is 200).
     */
    public record Reply(int status, Optional<Duration> retryAfter, JsonNode body) {
        public boolean ok() {
            return body.path("ok").asBoolean();
        }

        /** Slack's error code when it answered {@code "ok":false}, else null. */
        public String error() {
            JsonNode error = body.get("error");
            return error == null ? null : error.asText();
        }

        public String ts() {
            return body.path("ts").asText(null);
        }
    }
}

package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.OpenAiCalls.parse;
import static dev.lucy.testkit.model.ScriptedModelServerTest.contentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest extends ServerFixture {
    @Test
    void rate_limits_with_retry_after_then_answers_the_retry() throws Exception {
        server.enqueue(Fault.rateLimited(Duration.ofMillis(1500)), Reply.text("ok now"));

        HttpResponse<String> limited = calls.post(ask("m", "hi"));
        HttpResponse<String> retried = calls.post(ask("m", "hi"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
        assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("1500");
        JsonNode error = parse(limited.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(contentOf(retried)).isEqualTo("ok now");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void fails_with_server_errors_in_openais_error_shape(int status) throws Exception {
        server.enqueue(
                switch (status) {
                    case 500 -> Fault.serverError();
                    case 502 -> Fault.badGateway();
                    default -> Fault.serviceUnavailable();
                });

        HttpResponse<String> response = calls.post(ask("m", "hi"));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(parse(response.body()).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(parse(response.body()).at("/error/message").asText()).isNotBlank();
    }

    @Test
    void fails_with_context_length_exceeded() throws Exception {
        server.enqueue(Fault.contextLengthExceeded());

        HttpResponse<String> response = calls.post(ask("m", "hi"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = parse(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(error.path("message").asText()).contains("maximum context length");
    }

    @Test
    void fails_with_unauthorized() throws Exception {
        server.enqueue(Fault.unauthorized());

        HttpResponse<String> response = calls.post(ask("m", "hi"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(parse(response.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void resets_the_connection_before_answering() throws Exception {
        server.enqueue(Fault.connectionReset(), Reply.text("back"));

        assertThatThrownBy(() -> calls.post(ask("m", "hi"))).isInstanceOf(IOException.class);
        assertThat(contentOf(calls.post(ask("m", "hi")))).isEqualTo("back");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void a_stream_sends_an_error_event_after_200_and_ends_without_done() throws Exception {
        server.enqueue(Fault.streamError("Half an answer"));

        List<String> data = calls.streamData(ask("m", "hi"));

        assertThat(parse(data.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(parse(data.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("Half ");
        assertThat(parse(data.get(2)).at("/choices/0/delta/content").asText()).isEqualTo("an ");
        assertThat(parse(data.get(3)).at("/choices/0/delta/content").asText()).isEqualTo("answer");
        JsonNode error = parse(data.get(4));
        assertThat(error.at("/error/type").asText()).isEqualTo("server_error");
        assertThat(error.has("choices")).isFalse();
        assertThat(data).hasSize(5).doesNotContain("[DONE]");
    }

    @Test
    void a_stream_loses_its_connection_after_200() throws Exception {
        server.enqueue(Fault.streamDropped("Half an answer"));
        LineCollector collector = new LineCollector();
        var streaming = ask("m", "hi").put("stream", true);

        // The body breaks after 200 OK: the client fails while reading the chunked body, not its status line.
        assertThatThrownBy(() -> calls.client()
                        .send(
                                calls.request("/chat/completions")
                                        .POST(HttpRequest.BodyPublishers.ofString(streaming.toString()))
                                        .build(),
                                HttpResponse.BodyHandlers.fromLineSubscriber(collector)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("chunked transfer encoding");

        assertThat(collector.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(collector.lines).anySatisfy(line -> assertThat(line).contains("Half "));
        assertThat(collector.lines)
                .noneMatch(line -> line.contains("[DONE]") || line.contains("finish_reason\":\"stop"));
    }

    /** Keeps every line in arrival order, and how the body ended. */
    private static final class LineCollector implements Flow.Subscriber<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable error) {
            failure.complete(error);
        }

        @Override
        public void onComplete() {
            failure.complete(null);
        }
    }

    @Test
    void a_plain_answer_is_cut_off_after_200() throws Exception {
        server.enqueue(Fault.streamDropped("This answer never arrives whole."));

        assertThatThrownBy(() -> calls.post(ask("m", "hi"))).isInstanceOf(IOException.class);
    }

    @Test
    void a_request_that_never_answers_stays_open_until_the_server_closes() throws Exception {
        server.model("stuck").failWith(Fault.noAnswer());

        CompletableFuture<HttpResponse<String>> stuck = sendAsync(ask("stuck", "hello?"));
        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        String other = contentOf(calls.post(ask("fine", "still there?")));

        assertThat(other).isEqualTo("You said: still there?");
        assertThat(stuck).isNotDone();
        server.close();
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void reset_ends_requests_left_open_by_an_earlier_test() throws Exception {
        server.enqueue(Fault.noAnswer());
        CompletableFuture<HttpResponse<String>> stuck = sendAsync(ask("m", "hello?"));
        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();

        server.reset();

        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(server.openRequests()).isZero();
        assertThat(server.peakOpenRequests()).isZero();
        assertThat(contentOf(calls.post(ask("m", "still serving?")))).isEqualTo("You said: still serving?");
    }

    @Test
    void a_model_fails_until_it_recovers_while_others_answer() throws Exception {
        ModelRules primary = server.model("primary").failWith(Fault.serviceUnavailable());

        HttpResponse<String> down = calls.post(ask("primary", "hi"));
        HttpResponse<String> fallback = calls.post(ask("fallback", "hi"));
        primary.recover();
        HttpResponse<String> up = calls.post(ask("primary", "hi"));

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(fallback.statusCode()).isEqualTo(200);
        assertThat(up.statusCode()).isEqualTo(200);
    }

    @Test
    void a_fixed_latency_delays_the_answer() throws Exception {
        server.latency(Latency.fixed(Duration.ofMillis(300)));

        long started = System.nanoTime();
        HttpResponse<String> response = calls.post(ask("m", "hi"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void a_models_latency_holds_its_requests_while_other_models_answer() throws Exception {
        server.model("slow").latency(Latency.between(Duration.ofHours(1), Duration.ofHours(2)));

        CompletableFuture<HttpResponse<String>> slow = sendAsync(ask("slow", "hi"));
        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        HttpResponse<String> fast = calls.post(ask("fast", "hi"));

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(slow).isNotDone();
        server.close();
        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void a_replys_own_latency_overrides_the_models() throws Exception {
        server.model("m").latency(Latency.fixed(Duration.ofHours(1)));
        server.model("m").enqueue(Reply.text("quick").withLatency(Latency.none()));

        assertThat(contentOf(calls.post(ask("m", "hi")))).isEqualTo("quick");
    }

    @Test
    void random_latency_stays_within_its_bounds_and_varies() {
        Latency latency = Latency.between(Duration.ofMillis(10), Duration.ofMillis(20));

        List<Duration> samples = java.util.stream.IntStream.range(0, 500)
                .mapToObj(i -> latency.sample())
                .toList();

        assertThat(samples).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThat(samples.stream().distinct().count()).isGreaterThan(10);
        assertThatThrownBy(() -> Latency.between(Duration.ofMillis(20), Duration.ofMillis(10)))
                .hasMessageContaining("shorter than min");
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(JsonNode body) {
        return calls.client()
                .sendAsync(
                        calls.request("/chat/completions")
                                .timeout(Duration.ofMinutes(5))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}

package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.OpenAiCalls.parse;
import static dev.lucy.testkit.model.ScriptedModelServerTest.contentOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends ServerFixture {
    @Test
    void parallel_requests_each_get_their_own_answer_and_are_all_recorded() throws Exception {
        int count = 300;
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String text = "question " + i;
                answers.add(clients.submit(() -> contentOf(calls.post(ask("m", text)))));
            }
            for (int i = 0; i < count; i++) {
                assertThat(answers.get(i).get()).isEqualTo("You said: question " + i);
            }
        }

        List<ModelRequest> recorded = server.requests();
        assertThat(recorded).hasSize(count);
        assertThat(recorded.stream().map(ModelRequest::sequence))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, count).boxed().toList());
        assertThat(recorded.stream().map(r -> r.lastUserText().orElseThrow()))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, count).mapToObj(i -> "question " + i).toList());
    }

    @Test
    void parallel_streams_each_arrive_whole() throws Exception {
        int count = 100;
        server.script(request -> Reply.text(
                        "streamed answer to " + request.lastUserText().orElseThrow())
                .withChunkSize(3)
                .streamedSlowly(Duration.ofMillis(2)));
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String text = "q" + i;
                answers.add(clients.submit(() -> String.join(
                        "",
                        calls.streamData(ask("m", text)).stream()
                                .filter(d -> !d.equals("[DONE]"))
                                .map(d ->
                                        parse(d).at("/choices/0/delta/content").asText(""))
                                .toList())));
            }
            for (int i = 0; i < count; i++) {
                assertThat(answers.get(i).get()).isEqualTo("streamed answer to q" + i);
            }
        }
    }

    @Test
    void holds_many_open_requests_at_once_and_ends_them_on_close() throws Exception {
        int count = 200;
        server.model("held").failWith(Fault.noAnswer());
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(calls.client()
                    .sendAsync(
                            calls.request("/chat/completions")
                                    .timeout(Duration.ofMinutes(5))
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            ask("held", "wait " + i).toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(server.awaitRequests(count, Duration.ofSeconds(30))).isTrue();
        Instant deadline = Instant.now().plusSeconds(30);
        while (server.openRequests() < count && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        assertThat(server.openRequests()).isEqualTo(count);
        assertThat(server.peakOpenRequests()).isEqualTo(count);
        assertThat(held).noneMatch(CompletableFuture::isDone);

        server.close();

        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .get();
        assertThat(held).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(server.openRequests()).isZero();
    }
}

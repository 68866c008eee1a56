package dev.lucy.testkit.model;

import static dev.lucy.testkit.model.OpenAiCalls.ask;
import static dev.lucy.testkit.model.OpenAiCalls.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.model.ToolCall;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StreamingTest extends ServerFixture {
    @Test
    void streams_text_as_chunks_then_a_finish_chunk_then_done() throws Exception {
        server.enqueue(Reply.text("Lucy streams her answers in small pieces."));

        HttpResponse<Stream<String>> response = calls.openStream(ask("gpt-stream", "talk"));
        List<String> lines;
        try (Stream<String> body = response.body()) {
            lines = body.toList();
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        // Server-sent events: every event is one data line followed by a blank line.
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(lines.get(i)).startsWith("data: ");
            assertThat(lines.get(i + 1)).isEmpty();
        }
        List<String> data = lines.stream()
                .filter(l -> !l.isEmpty())
                .map(l -> l.substring(6))
                .toList();
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
                .map(OpenAiCalls::parse)
                .toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo("gpt-stream");
            assertThat(chunk.path("id").asText())
                    .isEqualTo(chunks.get(0).path("id").asText());
        });
        JsonNode first = chunks.get(0).at("/choices/0");
        assertThat(first.at("/delta/role").asText()).isEqualTo("assistant");
        assertThat(first.at("/delta/content").asText()).isEmpty();
        assertThat(first.path("finish_reason").isNull()).isTrue();
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
            assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
            String piece = chunk.at("/choices/0/delta/content").asText();
            assertThat(piece).hasSizeLessThanOrEqualTo(Reply.DEFAULT_CHUNK_SIZE);
            text.append(piece);
        }
        assertThat(text).hasToString("Lucy streams her answers in small pieces.");
        assertThat(chunks.size()).isGreaterThan(4);
        JsonNode last = chunks.get(chunks.size() - 1).at("/choices/0");
        assertThat(last.path("delta").isEmpty()).isTrue();
        assertThat(last.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(server.lastRequest().orElseThrow().stream()).isTrue();
    }

    @Test
    void streams_tool_calls_as_indexed_deltas_with_id_and_name_first() throws Exception {
        server.enqueue(Reply.toolCalls(
                        new ToolCall("call_a", "weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                        new ToolCall("call_b", "time", "{\"zone\":\"Europe/Oslo\"}"))
                .withChunkSize(5));

        List<String> data = calls.streamData(ask("m", "weather and time?"));

        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> deltas = data.subList(0, data.size() - 1).stream()
                .map(d -> parse(d).at("/choices/0"))
                .toList();
        assertThat(deltas.get(0).at("/delta/role").asText()).isEqualTo("assistant");
        assertThat(deltas.get(0).at("/delta/content").isNull()).isTrue();
        Map<Integer, String> ids = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, StringBuilder> arguments = new LinkedHashMap<>();
        for (JsonNode delta : deltas.subList(1, deltas.size() - 1)) {
            JsonNode calls = delta.at("/delta/tool_calls");
            assertThat(calls).hasSize(1);
            JsonNode call = calls.get(0);
            int index = call.path("index").asInt();
            if (call.has("id")) {
                assertThat(ids).doesNotContainKey(index);
                assertThat(call.path("type").asText()).isEqualTo("function");
                ids.put(index, call.path("id").asText());
                names.put(index, call.at("/function/name").asText());
            } else {
                assertThat(ids).as("id and name come before arguments").containsKey(index);
                assertThat(call.at("/function").has("name")).isFalse();
            }
            arguments
                    .computeIfAbsent(index, i -> new StringBuilder())
                    .append(call.at("/function/arguments").asText());
        }
        assertThat(ids).containsExactly(Map.entry(0, "call_a"), Map.entry(1, "call_b"));
        assertThat(names).containsExactly(Map.entry(0, "weather"), Map.entry(1, "time"));
        assertThat(arguments.get(0)).hasToString("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(arguments.get(1)).hasToString("{\"zone\":\"Europe/Oslo\"}");
        assertThat(deltas.size()).as("arguments arrive in several fragments").isGreaterThan(10);
        assertThat(deltas.get(deltas.size() - 1).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void streams_text_before_tool_calls_when_a_reply_has_both() throws Exception {
        server.enqueue(Reply.toolCall("search", "{}").withContent("Let me look."));

        List<JsonNode> deltas = calls.streamData(ask("m", "go")).stream()
                .filter(d -> !d.equals("[DONE]"))
                .map(d -> parse(d).at("/choices/0/delta"))
                .toList();

        assertThat(deltas.get(1).path("content").asText()).isEqualTo("Let ");
        assertThat(deltas.get(2).path("content").asText()).isEqualTo("me ");
        assertThat(deltas.get(3).path("content").asText()).isEqualTo("look.");
        assertThat(deltas.get(4).at("/tool_calls/0/function/name").asText()).isEqualTo("search");
    }

    @Test
    void sends_usage_in_a_last_chunk_without_choices_only_when_asked() throws Exception {
        server.enqueue(Reply.text("counted"), Reply.text("not counted"));
        ObjectNode withUsage = ask("m", "count");
        withUsage.putObject("stream_options").put("include_usage", true);

        List<String> counted = calls.streamData(withUsage);
        List<String> plain = calls.streamData(ask("m", "again"));

        JsonNode usageChunk = parse(counted.get(counted.size() - 2));
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(parse(counted.get(counted.size() - 3))
                        .at("/choices/0/finish_reason")
                        .asText())
                .isEqualTo("stop");
        assertThat(plain).noneMatch(d -> d.contains("\"usage\""));
    }

    @Test
    void keeps_a_waiting_stream_alive_with_sse_comments_like_openrouter() throws Exception {
        try (ScriptedModelServer openRouter = ScriptedModelServer.builder()
                .keepAliveComments(Duration.ofMillis(20))
                .latency(Latency.fixed(Duration.ofMillis(100)))
                .script(Script.answer("thought about it"))
                .start()) {
            List<String> lines;
            try (Stream<String> body = new OpenAiCalls(openRouter.baseUrl())
                    .openStream(ask("m", "hi"))
                    .body()) {
                lines = body.filter(line -> !line.isEmpty()).toList();
            }

            int firstData = lines.indexOf(lines.stream()
                    .filter(l -> l.startsWith("data: "))
                    .findFirst()
                    .orElseThrow());
            assertThat(lines.subList(0, firstData))
                    .hasSizeGreaterThanOrEqualTo(3) // at once, then every 20 ms of the 100 ms wait
                    .containsOnly(": OPENROUTER PROCESSING");
            assertThat(lines.subList(firstData, lines.size())).allMatch(l -> l.startsWith("data: "));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
            String text = String.join(
                    "",
                    lines.subList(firstData, lines.size() - 1).stream()
                            .map(l -> parse(l.substring(6))
                                    .at("/choices/0/delta/content")
                                    .asText(""))
                            .toList());
            assertThat(text).isEqualTo("thought about it");
        }
    }

    @Test
    void a_waiting_stream_whose_client_went_away_ends_at_the_next_keep_alive_comment() throws Exception {
        RequestOverlaps overlaps = RequestOverlaps.by(request -> Optional.of("the one thread"));
        try (ScriptedModelServer provider = ScriptedModelServer.builder()
                .keepAliveComments(Duration.ofMillis(20))
                .latency(Latency.fixed(Duration.ofHours(1)))
                .script(Script.answer("too late"))
                .start()) {
            provider.track(overlaps);
            String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            URI base = URI.create(provider.baseUrl());
            try (Socket client = new Socket(base.getHost(), base.getPort())) {
                client.getOutputStream()
                        .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: " + body.length()
                                        + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.UTF_8));
                client.getInputStream().read(); // the stream is open and waiting
            } // the client is gone, as a killed process's connection is

            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (provider.openRequests() > 0 && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            assertThat(provider.openRequests()).isZero();
            new OpenAiCalls(provider.baseUrl())
                    .openStream(ask("m", "again"))
                    .body()
                    .close();
            assertThat(overlaps.overlapping()).isZero();
        }
    }

    @Test
    void a_slow_stream_keeps_the_request_open_between_chunks() throws Exception {
        server.enqueue(Reply.text("one two three").streamedSlowly(Duration.ofHours(1)));

        HttpResponse<Stream<String>> response = calls.openStream(ask("m", "slowly"));
        Iterator<String> lines = response.body().iterator();
        String first = lines.next();

        assertThat(parse(first.substring(6)).at("/choices/0/delta/role").asText())
                .isEqualTo("assistant");
        assertThat(server.openRequests()).isEqualTo(1);
        server.close();
        assertThatThrownBy(() -> {
                    while (lines.hasNext()) {
                        lines.next();
                    }
                })
                .hasRootCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void a_slowly_streamed_answer_arrives_whole_and_takes_its_time() throws Exception {
        server.enqueue(Reply.text("a b c d e").withChunkSize(2).streamedSlowly(Duration.ofMillis(20)));

        long started = System.nanoTime();
        List<String> data = calls.streamData(ask("m", "slowly"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        String text = String.join(
                "",
                data.stream()
                        .filter(d -> !d.equals("[DONE]"))
                        .map(d -> parse(d).at("/choices/0/delta/content").asText(""))
                        .toList());
        assertThat(text).isEqualTo("a b c d e");
        // Role, five words, finish and [DONE]: eight events, 20 ms apart.
        assertThat(data).hasSize(8);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(7 * 20));
    }
}

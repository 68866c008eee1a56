package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ErrorMapper errors = new ErrorMapper(json, Optional.empty(), Clock.systemUTC());
    private final List<String> deltas = new ArrayList<>();
    private final StreamAssembler answer = new StreamAssembler(json, errors, "m1", deltas::add, 1_000_000);

    /** Feeds raw SSE text through the decoder into the assembler, as the client does. */
    private void feed(String sse) {
        SseDecoder decoder = new SseDecoder();
        for (String line : sse.split("\n", -1)) {
            decoder.line(line).ifPresent(answer::accept);
        }
        decoder.flush().ifPresent(answer::accept);
    }

    @Test
    void reports_text_deltas_in_order_and_keeps_finish_reason_and_usage() {
        feed("""
                : OPENROUTER PROCESSING

                data: {"model":"real-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}

                data: {"choices":[{"index":0,"delta":{"content":"lo"}}]}

                data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}

                data: [DONE]

                """);

        ChatResponse r = answer.finish();
        assertThat(deltas).containsExactly("Hel", "lo");
        assertThat(r.message().content()).isEqualTo("Hello");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(5, 2));
        assertThat(r.model()).isEqualTo("real-model");
    }

    @Test
    void assembles_interleaved_parallel_tool_calls_by_index() {
        feed("""
                data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"search","arguments":""}}]}}]}

                data: {"choices":[{"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"fetch","arguments":"{\\"u"}}]}}]}

                data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"q\\":"}}]}}]}

                data: {"choices":[{"delta":{"tool_calls":[{"index":1,"function":{"arguments":"rl\\":\\"x\\"}"}}]}}]}

                data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"lucy\\"}"}}]}}]}

                data: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}

                data: [DONE]
                """);

        ChatResponse r = answer.finish();
        assertThat(r.message().toolCalls())
                .containsExactly(
                        new ToolCall("call_a", "search", "{\"q\":\"lucy\"}"),
                        new ToolCall("call_b", "fetch", "{\"url\":\"x\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(deltas).isEmpty();
    }

    @Test
    void joins_multi_line_data_and_skips_other_fields() {
        feed("""
                event: message
                id: 7
                data: {"choices":[{"delta":
                data: {"content":"hi"}}]}

                data: [DONE]
                """);

        assertThat(answer.finish().message().content()).isEqualTo("hi");
    }

    @Test
    void a_stream_that_ends_before_the_answer_is_complete_is_typed_as_broken() {
        feed("data: {\"choices\":[{\"delta\":{\"content\":\"half an ans\"}}]}\n\n");

        assertThat(answer.deliveredText()).isTrue();
        assertThatThrownBy(answer::finish)
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.failure()).isInstanceOf(ModelFailure.StreamBroken.class));
    }

    @Test
    void a_stream_with_a_finish_reason_but_no_done_marker_is_complete() {
        feed("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n");

        assertThat(answer.finish().message().content()).isEqualTo("ok");
    }

    @Test
    void a_chunk_that_is_not_json_is_typed_malformed() {
        assertThat(Failures.of(() -> feed("data: {\"choices\":[{\"delta\":{\"content\n\n")))
                .isInstanceOf(ModelFailure.MalformedResponse.class);
    }

    @Test
    void an_error_the_provider_sends_mid_stream_is_typed() {
        assertThatThrownBy(() -> feed("""
                        data: {"choices":[{"delta":{"content":"par"}}]}

                        data: {"error":{"code":"server_error","message":"Provider disconnected"}}

                        """)).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.failure()).isInstanceOf(ModelFailure.StreamBroken.class);
            assertThat(e.getMessage()).contains("Provider disconnected");
        });
        assertThat(deltas).containsExactly("par");
    }

    @Test
    void an_error_event_before_any_text_is_typed_by_its_code() {
        assertThat(Failures.of(() -> feed("data: {\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}\n\n")))
                .isInstanceOf(ModelFailure.RateLimited.class);
        assertThat(deltas).isEmpty();
    }

    @Test
    void an_answer_beyond_the_size_cap_is_refused() {
        StreamAssembler small = new StreamAssembler(json, errors, "m1", deltas::add, 100);
        String chunk = "{\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(60) + "\"}}]}";
        small.accept(chunk);

        assertThatThrownBy(() -> small.accept(chunk))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.failure()).isInstanceOf(ModelFailure.MalformedResponse.class));
    }
}

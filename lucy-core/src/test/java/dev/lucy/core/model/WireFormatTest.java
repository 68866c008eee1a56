package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    private final ObjectMapper json = new ObjectMapper();
    private final WireFormat wire = new WireFormat(json);
    private final ErrorMapper errors = new ErrorMapper(json, Optional.of("sk-secret-123"), Clock.systemUTC());

    private ChatResponse decode(String body) {
        return wire.decodeResponse(body, "m1", errors);
    }

    private JsonNode encode(ChatRequest request, boolean stream) throws Exception {
        return json.readTree(wire.encodeRequest(request, "m1", stream, true));
    }

    @Test
    void encodes_every_role_tool_calls_and_tool_results_in_the_openai_shape() throws Exception {
        ToolCall call = new ToolCall("call_1", "search", "{\"q\":\"x\"}");
        ChatRequest request = ChatRequest.builder()
                .addMessage(Message.system("be brief"))
                .addMessage(Message.user("find x"))
                .addMessage(Message.toolCalls(List.of(call)))
                .addMessage(Message.toolResult(call, "found"))
                .addMessage(Message.assistant("done"))
                .build();

        JsonNode body = encode(request, false);

        assertThat(body.get("model").asText()).isEqualTo("m1");
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("find x");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.get("content").isNull()).isTrue();
        JsonNode wireCall = assistant.get("tool_calls").get(0);
        assertThat(wireCall.get("id").asText()).isEqualTo("call_1");
        assertThat(wireCall.get("type").asText()).isEqualTo("function");
        assertThat(wireCall.get("function").get("name").asText()).isEqualTo("search");
        assertThat(wireCall.get("function").get("arguments").asText()).isEqualTo("{\"q\":\"x\"}");
        assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(3).get("content").asText()).isEqualTo("found");
        assertThat(messages.get(4).get("content").asText()).isEqualTo("done");
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void a_user_message_with_images_is_sent_as_text_and_image_url_parts() throws Exception {
        ChatRequest request = ChatRequest.builder()
                .addMessage(Message.user("what is this?", List.of("data:image/png;base64,iVBORw0KGgo=")))
                .addMessage(Message.user("and without one"))
                .build();

        JsonNode messages = encode(request, false).path("messages");

        JsonNode parts = messages.get(0).path("content");
        assertThat(parts.size()).isEqualTo(2);
        assertThat(parts.get(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.get(0).path("text").asText()).isEqualTo("what is this?");
        assertThat(parts.get(1).path("type").asText()).isEqualTo("image_url");
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("and without one");
    }

    @Test
    void encodes_tools_as_json_schema_with_choice_parallelism_temperature_and_max_tokens() throws Exception {
        ChatRequest request = ChatRequest.builder()
                .addMessage(Message.user("hi"))
                .tools(List.of(new ToolSpec(
                        "now", "current time", "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}")))
                .toolChoice(ToolChoice.REQUIRED)
                .parallelToolCalls(false)
                .temperature(0.25)
                .maxTokens(300)
                .build();

        JsonNode body = encode(request, true);

        JsonNode tool = body.get("tools").get(0);
        assertThat(tool.get("type").asText()).isEqualTo("function");
        assertThat(tool.get("function").get("name").asText()).isEqualTo("now");
        assertThat(tool.get("function").get("description").asText()).isEqualTo("current time");
        assertThat(tool.get("function")
                        .get("parameters")
                        .get("properties")
                        .get("tz")
                        .get("type")
                        .asText())
                .isEqualTo("string");
        assertThat(body.get("tool_choice").asText()).isEqualTo("required");
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void a_tool_schema_that_is_not_json_is_a_typed_bad_request_naming_the_tool() {
        ChatRequest request = ChatRequest.builder()
                .addMessage(Message.user("hi"))
                .tools(List.of(new ToolSpec("broken", "d", "{not json")))
                .build();

        assertThatThrownBy(() -> wire.encodeRequest(request, "m1", false, true))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.failure()).isInstanceOf(ModelFailure.BadRequest.class);
                    assertThat(e.getMessage()).contains("broken");
                });
    }

    @Test
    void decodes_text_finish_reason_model_and_usage() {
        ChatResponse r = decode("""
                {"id":"x","model":"openai/gpt-4o-mini-2024","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
                """);

        assertThat(r.message().content()).isEqualTo("Hello");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.model()).isEqualTo("openai/gpt-4o-mini-2024");
        assertThat(r.usage()).isEqualTo(new Usage(12, 3));
    }

    @Test
    void decodes_parallel_tool_calls_with_null_content() {
        ChatResponse r = decode("""
                {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
                  {"id":"a","type":"function","function":{"name":"search","arguments":"{\\"q\\":1}"}},
                  {"id":"b","type":"function","function":{"name":"fetch","arguments":{"url":"u"}}}]},
                 "finish_reason":"tool_calls"}]}
                """);

        assertThat(r.message().content()).isEmpty();
        assertThat(r.message().toolCalls())
                .containsExactly(
                        new ToolCall("a", "search", "{\"q\":1}"), new ToolCall("b", "fetch", "{\"url\":\"u\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.model()).isEqualTo("m1");
        assertThat(r.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void decodes_empty_content_cut_by_length_as_an_empty_response() {
        ChatResponse r = decode(
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"length\"}]}");

        assertThat(r.isEmpty()).isTrue();
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void joins_text_parts_and_infers_a_missing_finish_reason() {
        ChatResponse r = decode(
                "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}}]}");

        assertThat(r.message().content()).isEqualTo("ab");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void answers_that_are_not_chat_completions_are_typed_malformed_never_parse_exceptions() {
        for (String body : List.of(
                "<html><body>502 Bad Gateway</body></html>",
                "{\"choices\":",
                "[1,2]",
                "{}",
                "{\"choices\":[]}",
                "{\"choices\":[{\"finish_reason\":\"stop\"}]}",
                "{\"choices\":[{\"message\":{\"tool_calls\":{\"x\":1}}}]}",
                "{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"a\"}]}}]}")) {
            assertThat(Failures.of(() -> decode(body))).as(body).isInstanceOf(ModelFailure.MalformedResponse.class);
        }
    }

    @Test
    void an_error_object_inside_a_200_answer_is_typed_by_its_code() {
        assertThat(Failures.of(() -> decode("{\"error\":{\"code\":429,\"message\":\"slow down\"}}")))
                .isInstanceOf(ModelFailure.RateLimited.class);
        assertThat(Failures.of(
                        () -> decode("{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"too long\"}}")))
                .isInstanceOf(ModelFailure.ContextTooLong.class);
    }

    @Test
    void a_malformed_answer_echoing_the_key_does_not_carry_it_into_the_message() {
        assertThatThrownBy(() -> decode("bad key sk-secret-123 here"))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.getMessage())
                                .doesNotContain("sk-secret-123")
                                .contains("(redacted)"));
    }
}

package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

    @Test
    void builder_keeps_every_setting_and_to_builder_round_trips() {
        ChatRequest request = ChatRequest.builder()
                .model("m1")
                .addMessage(Message.system("be brief"))
                .addMessage(Message.user("hi"))
                .tools(List.of(new ToolSpec("now", "current time", "{\"type\":\"object\"}")))
                .toolChoice(ToolChoice.REQUIRED)
                .temperature(0.2)
                .maxTokens(100)
                .build();

        assertThat(request.toBuilder().build()).isEqualTo(request);
        assertThat(request.withModel("m2").model()).contains("m2");
        assertThat(request.withModel("m2").messages()).isEqualTo(request.messages());
    }

    @Test
    void refuses_a_request_without_messages() {
        assertThatThrownBy(() -> ChatRequest.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages");
    }

    @Test
    void refuses_tool_names_providers_would_reject() {
        assertThatThrownBy(() -> new ToolSpec("send email", "", "{}")).hasMessageContaining("send email");
    }

    @Test
    void maps_wire_finish_reasons() {
        assertThat(FinishReason.fromWire("tool_calls")).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(FinishReason.fromWire("length")).isEqualTo(FinishReason.LENGTH);
        assertThat(FinishReason.fromWire(null)).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void a_response_without_text_or_calls_is_empty() {
        ChatResponse empty = new ChatResponse("m", Message.assistant(""), FinishReason.LENGTH, Usage.NONE);
        ChatResponse calls = new ChatResponse(
                "m", Message.toolCalls(List.of(new ToolCall("c1", "now", "{}"))), FinishReason.TOOL_CALLS, Usage.NONE);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(calls.isEmpty()).isFalse();
    }
}

package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerToolExecutorTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1");
    private static final String SCHEMA = "{\"type\":\"object\"}";

    private final HandlerToolExecutor tools = HandlerToolExecutor.builder()
            .readOnlyTool(
                    new ToolSpec("get_weather", "weather", SCHEMA),
                    (caller, args) ->
                            ToolResult.success("sunny in " + args.path("city").asText() + " for " + caller.userId()))
            .tool(
                    new ToolSpec("create_ticket", "ticket", SCHEMA),
                    (caller, args) -> ToolResult.success(
                            "created " + args.path("fields").path("title").asText()))
            .build();

    @Test
    void offers_every_tool_and_says_which_only_read() {
        assertThat(tools.toolsFor(CALLER, "anything"))
                .extracting(ToolSpec::name)
                .containsExactly("get_weather", "create_ticket");
        assertThat(tools.readOnly("get_weather")).isTrue();
        assertThat(tools.readOnly("create_ticket")).isFalse();
        assertThat(tools.readOnly("missing")).isFalse();
    }

    @Test
    void hands_parsed_arguments_and_the_caller_to_the_handler() {
        assertThat(tools.execute(CALLER, new ToolCall("1", "get_weather", "{\"city\":\"Lisbon\"}"))
                        .content())
                .isEqualTo("sunny in Lisbon for U1");
        assertThat(tools.execute(CALLER, new ToolCall("2", "create_ticket", "{\"fields\":{\"title\":\"VPN\"}}"))
                        .content())
                .isEqualTo("created VPN");
    }

    @Test
    void answers_an_unknown_name_with_the_closest_ones() {
        ToolResult result = tools.execute(CALLER, new ToolCall("1", "get_wether", "{}"));

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.UNKNOWN_TOOL);
            assertThat(f.message()).contains("closest tools are: get_weather, create_ticket");
        });
    }

    @Test
    void answers_malformed_arguments_with_the_parse_error() {
        ToolResult result = tools.execute(CALLER, new ToolCall("1", "get_weather", "{city: Lisbon}"));

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.INVALID_ARGUMENTS);
            assertThat(f.message()).contains("not valid JSON").contains("line 1");
        });
    }

    @Test
    void a_handler_that_throws_becomes_a_fatal_failure_without_its_message() {
        HandlerToolExecutor broken = HandlerToolExecutor.builder()
                .tool(new ToolSpec("boom", "boom", SCHEMA), (caller, args) -> {
                    throw new IllegalStateException("db password is hunter2");
                })
                .build();

        ToolResult result = broken.execute(CALLER, new ToolCall("1", "boom", ""));

        assertThat(result.content()).startsWith("error (fatal)").doesNotContain("hunter2");
    }

    @Test
    void refuses_a_tool_registered_twice() {
        ToolSpec spec = new ToolSpec("dup", "dup", SCHEMA);
        HandlerToolExecutor.Builder builder = HandlerToolExecutor.builder().tool(spec, (c, a) -> null);

        assertThatThrownBy(() -> builder.readOnlyTool(spec, (c, a) -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dup'");
        assertThat(List.of()).isEmpty();
    }
}

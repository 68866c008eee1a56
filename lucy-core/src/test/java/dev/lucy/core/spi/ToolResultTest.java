package dev.lucy.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolResultTest {

    @Test
    void an_unknown_tool_is_answered_with_the_three_closest_names() {
        ToolResult.Failure failure = ToolResult.unknownTool(
                "get_wether", List.of("post_message", "get_weather", "get_whether_report", "list_channels"));

        assertThat(failure.error()).isEqualTo(ToolError.UNKNOWN_TOOL);
        assertThat(failure.message())
                .isEqualTo("there is no tool named 'get_wether'. The closest tools are: get_weather,"
                        + " get_whether_report, post_message. Call one of those, or answer without a tool.");
    }

    @Test
    void an_unknown_tool_with_no_tools_at_all_is_told_to_answer_without_tools() {
        assertThat(ToolResult.unknownTool("search", List.of()).content())
                .isEqualTo("error (unknown_tool): there is no tool named 'search' and no tools are available;"
                        + " answer without tools");
    }

    @Test
    void an_executor_with_a_search_tool_points_the_model_at_it() {
        assertThat(ToolResult.unknownTool("get_wether", List.of("get_weather"), "search_tools")
                        .message())
                .isEqualTo("there is no tool named 'get_wether'. The closest tools are: get_weather. Call one of"
                        + " those, or call search_tools to find the right one.");
        assertThat(ToolResult.unknownTool("get_wether", List.of(), "search_tools")
                        .message())
                .isEqualTo("there is no tool named 'get_wether'. Call search_tools to find the right one.");
    }
}

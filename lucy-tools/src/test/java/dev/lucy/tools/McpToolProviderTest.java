package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An MCP server in a child process, spoken to over stdio through the official SDK. */
class McpToolProviderTest {
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");
    private static McpToolProvider mcp;

    @BeforeAll
    static void startServer() {
        String java = ProcessHandle.current().info().command().orElse("java");
        mcp = McpToolProvider.stdio(
                "weather",
                List.of(java, "-cp", System.getProperty("java.class.path"), SmallMcpServer.class.getName()),
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopServer() {
        if (mcp != null) {
            mcp.close();
        }
    }

    @Test
    void lists_the_servers_tools_with_schemas_and_side_effect_hints() {
        Map<String, Tool> tools = mcp.tools().stream().collect(Collectors.toMap(Tool::name, Function.identity()));

        assertThat(tools).containsOnlyKeys("weather_get_forecast", "weather_wipe_cache");
        Tool forecast = tools.get("weather_get_forecast");
        assertThat(forecast.provider()).isEqualTo("weather");
        assertThat(forecast.sideEffect()).isEqualTo(SideEffect.READ);
        assertThat(forecast.schema().at("/required/0").asText()).isEqualTo("city");
        assertThat(tools.get("weather_wipe_cache").sideEffect()).isEqualTo(SideEffect.DESTRUCTIVE);
    }

    @Test
    void an_mcp_tool_is_retrieved_and_called_through_the_executor() {
        ToolRegistry registry = new ToolRegistry().registerAll(mcp.tools());
        try (PipelineToolExecutor executor =
                PipelineToolExecutor.builder(registry).build()) {
            assertThat(executor.toolsFor(ALICE, "what's the weather forecast for Oslo?")
                            .getFirst()
                            .name())
                    .isEqualTo("weather_get_forecast");

            ToolResult result =
                    executor.execute(ALICE, new ToolCall("c1", "weather_get_forecast", "{\"city\":\"Oslo\"}"));
            ToolResult error =
                    executor.execute(ALICE, new ToolCall("c2", "weather_get_forecast", "{\"city\":\"Atlantis\"}"));
            ToolResult wipe = executor.execute(ALICE, new ToolCall("c3", "weather_wipe_cache", "{}"));

            assertThat(result.content()).isEqualTo("Sunny in Oslo, 21 C");
            assertThat(error).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
                assertThat(f.error()).isEqualTo(ToolError.FATAL);
                assertThat(f.message()).contains("unknown city Atlantis");
            });
            // Destructive per the server's hints, and no approval gate here: refused, never sent.
            assertThat(wipe)
                    .isInstanceOfSatisfying(
                            ToolResult.Failure.class, f -> assertThat(f.error()).isEqualTo(ToolError.NOT_APPROVED));
        }
    }
}

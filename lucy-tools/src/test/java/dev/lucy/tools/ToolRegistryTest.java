package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

    @Test
    void suggests_the_closest_names_for_a_misspelt_tool() {
        ToolRegistry registry = new ToolRegistry()
                .register(tool("create_task"))
                .register(tool("delete_task"))
                .register(tool("get_projects"));

        assertThat(registry.closestNames("create_tsk", 2)).containsExactly("create_task", "delete_task");
        assertThat(registry.closestNames("projects", 1)).containsExactly("get_projects");
    }

    @Test
    void capability_index_reports_calls_success_rate_and_latency_percentiles() {
        ToolRegistry registry = new ToolRegistry().register(tool("get_projects"));
        for (int i = 1; i <= 100; i++) {
            registry.usage().record("get_projects", i % 10 != 0, Duration.ofMillis(i));
        }

        Capability capability = registry.capabilities().getFirst();

        assertThat(capability.tool()).isEqualTo("get_projects");
        assertThat(capability.usage().calls()).isEqualTo(100);
        assertThat(capability.usage().successRate()).isEqualTo(0.9);
        assertThat(capability.usage().p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(capability.usage().p95()).isEqualTo(Duration.ofMillis(95));
        assertThat(capability.usage().p99()).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void a_tool_never_called_has_no_usage_and_a_full_success_rate() {
        ToolUsage usage = new ToolRegistry().usage().usage("anything");
        assertThat(usage.calls()).isZero();
        assertThat(usage.successRate()).isEqualTo(1.0);
    }

    @Test
    void replacing_a_tool_tells_listeners_about_the_removal_and_the_addition() {
        ToolRegistry registry = new ToolRegistry().register(tool("get_projects"));
        StringBuilder events = new StringBuilder();
        registry.addListener(new ToolRegistry.Listener() {
            @Override
            public void added(Tool tool) {
                events.append("+").append(tool.name()).append(' ');
            }

            @Override
            public void removed(Tool tool) {
                events.append("-").append(tool.name()).append(' ');
            }
        });
        registry.register(tool("get_projects"));
        registry.unregister("get_projects");

        assertThat(events.toString().trim()).isEqualTo("+get_projects -get_projects +get_projects -get_projects");
        assertThat(registry.find("get_projects")).isEmpty();
    }

    static Tool tool(String name) {
        return Tool.builder(name)
                .description("The tool " + name)
                .handler((caller, args) -> ToolResult.success("ok"))
                .build();
    }
}

package dev.lucy.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolExecutor;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A channel's allowed tools and MCP servers: only those are offered, and a call to another never runs. */
class AllowedToolsTest {
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1.1");
    private static final Map<String, String> PROVIDERS =
            Map.of("create_task", "lucy", "get_projects", "lucy", "github_search", "github", "notes_add", "notes");

    /** A recording executor of our own: offers every tool, and records what it ran. */
    private final List<String> ran = new ArrayList<>();

    private final ToolExecutor all = new ToolExecutor() {
        @Override
        public List<ToolSpec> toolsFor(Caller caller, String request) {
            return List.of(spec("search_tools"), spec("get_projects"), spec("github_search"), spec("notes_add"));
        }

        @Override
        public ToolResult execute(Caller caller, ToolCall call, ToolArguments arguments) {
            ran.add(call.name());
            return ToolResult.success("ok");
        }

        @Override
        public Optional<ToolSpec> describe(Caller caller, String toolName) {
            return PROVIDERS.containsKey(toolName) ? Optional.of(spec(toolName)) : Optional.empty();
        }
    };

    private static ToolSpec spec(String name) {
        return new ToolSpec(name, "does " + name, "{\"type\":\"object\"}");
    }

    private AllowedTools allowed(Optional<Set<String>> tools, Optional<Set<String>> mcp) {
        ChannelSettings settings =
                new ChannelSettings(Optional.empty(), Optional.empty(), tools, mcp, true, Optional.empty(), Map.of());
        return new AllowedTools(
                all,
                settings,
                name -> Optional.ofNullable(PROVIDERS.get(name)),
                p -> !p.equals("lucy"),
                "search_tools");
    }

    @Test
    void only_the_allowed_tools_are_offered_and_the_named_ones_always() {
        AllowedTools one = allowed(Optional.of(Set.of("create_task")), Optional.empty());
        assertThat(one.toolsFor(CALLER, "anything").stream().map(ToolSpec::name))
                .containsExactly("github_search", "notes_add", "create_task");

        AllowedTools github = allowed(Optional.empty(), Optional.of(Set.of("github")));
        assertThat(github.toolsFor(CALLER, "anything").stream().map(ToolSpec::name))
                .containsExactly("search_tools", "get_projects", "github_search");
    }

    @Test
    void a_call_to_a_tool_not_allowed_is_refused_without_running() {
        AllowedTools none = allowed(Optional.of(Set.of()), Optional.of(Set.of()));
        ToolResult refused = none.execute(CALLER, new ToolCall("c1", "get_projects", "{}"));
        assertThat(refused).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.error()).isEqualTo(ToolError.FATAL);
            assertThat(f.message()).contains("get_projects is not allowed in this channel");
        });
        assertThat(none.describe(CALLER, "github_search")).isEmpty();
        assertThat(ran).isEmpty();

        AllowedTools some = allowed(Optional.of(Set.of("get_projects")), Optional.empty());
        assertThat(some.execute(CALLER, new ToolCall("c2", "get_projects", "{}")))
                .isInstanceOf(ToolResult.Success.class);
        assertThat(ran).containsExactly("get_projects");
    }
}

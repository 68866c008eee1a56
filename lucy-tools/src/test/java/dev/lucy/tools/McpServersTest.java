package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.NpmMcpServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The MCP project's own reference server ({@code @modelcontextprotocol/server-everything}, installed from npm) as
 * Lucy tools: listed, called, supervised when it dies, and a server that cannot be reached kept apart.
 */
class McpServersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");

    private static McpServerConfig.Builder everything() {
        List<String> command = NpmMcpServers.everythingStdio();
        return McpServerConfig.stdio("everything", command.getFirst()).args(command.subList(1, command.size()));
    }

    private static McpServers quick(McpServerConfig... configs) {
        return McpServers.builder(List.of(configs))
                .healthCheckEvery(Duration.ofMillis(200))
                .minBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200))
                .build();
    }

    @Test
    void a_stdio_servers_tools_become_lucy_tools_named_after_the_server() {
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = quick(everything().build())) {
            servers.start(registry);
            assertThat(servers.awaitFirstAttempt(Duration.ofSeconds(60))).isTrue();

            assertThat(servers.statuses().getFirst().state()).isEqualTo(McpServerStatus.State.READY);
            Tool echo = registry.find("everything__echo").orElseThrow();
            assertThat(echo.provider()).isEqualTo("everything");
            assertThat(echo.sideEffect()).isEqualTo(SideEffect.READ);
            assertThat(echo.schema().at("/properties/message/type").asText()).isEqualTo("string");
            Tool gzip = registry.find("everything__gzip-file-as-resource").orElseThrow();
            assertThat(gzip.sideEffect())
                    .as("not marked read-only: waits for approval")
                    .isEqualTo(SideEffect.DESTRUCTIVE);
            assertThat(gzip.tags()).contains(McpServers.OPEN_WORLD_TAG);
            assertThat(servers.allows(ALICE, echo)).isTrue();

            ToolResult answer =
                    echo.handler().handle(ALICE, JSON.createObjectNode().put("message", "hi"));
            assertThat(answer).isEqualTo(ToolResult.success("Echo: hi"));
            ToolResult sum = registry.find("everything__get-sum")
                    .orElseThrow()
                    .handler()
                    .handle(ALICE, JSON.createObjectNode().put("a", 2).put("b", 3));
            assertThat(sum.content()).contains("5");
        }
        assertThat(registry.find("everything__echo")).isPresent();
    }

    @Test
    void include_exclude_and_approval_settings_shape_the_catalogue() {
        ToolRegistry registry = new ToolRegistry();
        McpServerConfig config = everything()
                .includeTools(Set.of("echo", "get-sum", "gzip-file-as-resource"))
                .excludeTools(Set.of("get-sum"))
                .approval(McpServerConfig.Approval.NEVER)
                .workspaces(Set.of("T-other"))
                .build();
        try (McpServers servers = quick(config)) {
            servers.start(registry);
            assertThat(servers.awaitFirstAttempt(Duration.ofSeconds(60))).isTrue();

            assertThat(registry.tools())
                    .extracting(Tool::name)
                    .containsExactly("everything__echo", "everything__gzip-file-as-resource");
            assertThat(registry.find("everything__gzip-file-as-resource")
                            .orElseThrow()
                            .sideEffect())
                    .isEqualTo(SideEffect.WRITE);
            assertThat(servers.allows(ALICE, registry.find("everything__echo").orElseThrow()))
                    .as("workspace T1 is not among the server's workspaces")
                    .isFalse();
        }
    }

    @Test
    void a_server_that_dies_answers_unavailable_and_is_started_again() {
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = quick(everything().build())) {
            servers.start(registry);
            assertThat(servers.awaitFirstAttempt(Duration.ofSeconds(60))).isTrue();
            Tool echo = registry.find("everything__echo").orElseThrow();
            long before = serverProcesses();

            ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                    .forEach(p -> {
                        p.destroyForcibly();
                        p.onExit().join();
                    });
            ToolResult during =
                    echo.handler().handle(ALICE, JSON.createObjectNode().put("message", "anyone?"));

            assertThat(during)
                    .isInstanceOfSatisfying(
                            ToolResult.Failure.class,
                            failure -> assertThat(failure.error()).isEqualTo(ToolError.UNAVAILABLE));
            assertThat(before).isPositive();
            await(() -> servers.statuses().getFirst().state() == McpServerStatus.State.READY
                    && echo.handler()
                            .handle(ALICE, JSON.createObjectNode().put("message", "back"))
                            .equals(ToolResult.success("Echo: back")));
        }
        assertThat(serverProcesses()).as("closing stops the server").isZero();
    }

    @Test
    void an_unreachable_server_is_down_and_its_tools_are_not_offered() {
        ToolRegistry registry = new ToolRegistry();
        McpServerConfig remote = McpServerConfig.remote("nowhere", URI.create("http://127.0.0.1:9/mcp"))
                .build();
        try (McpServers servers = quick(remote)) {
            servers.start(registry);
            assertThat(servers.awaitFirstAttempt(Duration.ofSeconds(30))).isTrue();

            McpServerStatus status = servers.statuses().getFirst();
            assertThat(status.state()).isEqualTo(McpServerStatus.State.DOWN);
            assertThat(status.server()).isEqualTo("nowhere");
            assertThat(registry.size()).isZero();
        }
        assertThat(registry.size()).isZero();
    }

    private static long serverProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything"))
                .count();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

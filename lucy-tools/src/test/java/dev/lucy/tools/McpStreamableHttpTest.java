package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Streamable HTTP client against a small MCP server on loopback: JSON-RPC over POST, answered with
 * plain JSON responses and a session id, as the Streamable HTTP transport allows.
 */
class McpStreamableHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> methods = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void lists_and_calls_tools_of_a_remote_server() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
        try (McpToolProvider mcp = McpToolProvider.streamableHttp("notes", endpoint, Duration.ofSeconds(10))) {
            List<Tool> tools = mcp.tools();
            assertThat(tools).extracting(Tool::name).containsExactly("notes_find_note");
            assertThat(tools.getFirst().sideEffect()).isEqualTo(SideEffect.READ);

            ToolResult result = tools.getFirst()
                    .handler()
                    .handle(
                            new Caller("T1", "U1", "C1:1"),
                            JSON.createObjectNode().put("query", "standup"));

            assertThat(result.content()).isEqualTo("note: standup moved to 10:00");
        }
        assertThat(methods)
                .startsWith("initialize", "notifications/initialized")
                .contains("tools/list", "tools/call");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 200 : 405, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String method = request.path("method").asText();
            methods.add(method);
            if (!request.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            ObjectNode result = response.putObject("result");
            switch (method) {
                case "initialize" -> {
                    result.put(
                            "protocolVersion",
                            request.at("/params/protocolVersion").asText());
                    result.putObject("capabilities").putObject("tools");
                    result.putObject("serverInfo").put("name", "notes").put("version", "1.0.0");
                }
                case "tools/list" -> {
                    ObjectNode tool = result.putArray("tools").addObject();
                    tool.put("name", "find_note").put("description", "Find a note by words in it");
                    tool.set(
                            "inputSchema",
                            JSON.readTree("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}"));
                    tool.putObject("annotations").put("readOnlyHint", true);
                }
                case "tools/call" ->
                    result.putArray("content")
                            .addObject()
                            .put("type", "text")
                            .put(
                                    "text",
                                    "note: "
                                            + request.at("/params/arguments/query")
                                                    .asText() + " moved to 10:00");
                default -> {
                    response.remove("result");
                    response.putObject("error").put("code", -32601).put("message", "no method " + method);
                }
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Mcp-Session-Id", "session-1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}

package dev.lucy.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A remote MCP server over Streamable HTTP on loopback: {@code find_note} (read-only) and {@code delete_note}
 * (destructive). Deleting a note adds {@code restore_note}, and the answer to that call is an event stream that
 * carries {@code notifications/tools/list_changed} before the result, as the transport allows.
 */
final class NotesMcpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicBoolean restoreOffered = new AtomicBoolean();
    private final List<String> deleted = new CopyOnWriteArrayList<>();

    private NotesMcpServer(HttpServer server) {
        this.server = server;
    }

    static NotesMcpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            NotesMcpServer notes = new NotesMcpServer(http);
            http.createContext("/mcp", notes::handle);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            return notes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    List<String> deleted() {
        return List.copyOf(deleted);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 200 : 405, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!request.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String method = request.path("method").asText();
            ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            ObjectNode result = response.putObject("result");
            boolean changed = false;
            switch (method) {
                case "initialize" -> {
                    result.put(
                            "protocolVersion",
                            request.at("/params/protocolVersion").asText("2025-06-18"));
                    result.putObject("capabilities").putObject("tools").put("listChanged", true);
                    result.putObject("serverInfo").put("name", "notes").put("version", "1.0.0");
                    exchange.getResponseHeaders().add("Mcp-Session-Id", "notes-session");
                }
                case "tools/list" -> {
                    ArrayNode tools = result.putArray("tools");
                    tool(tools, "find_note", "Find a team note by words in it", true);
                    tool(tools, "delete_note", "Delete a team note for good", false);
                    if (restoreOffered.get()) {
                        tool(tools, "restore_note", "Restore a deleted team note", false);
                    }
                }
                case "tools/call" -> {
                    String name = request.at("/params/name").asText();
                    String id = request.at("/params/arguments/id").asText();
                    String text = switch (name) {
                        case "find_note" -> "note standup: moved to 10:00";
                        case "delete_note" -> {
                            deleted.add(id);
                            changed = !restoreOffered.getAndSet(true);
                            yield "note " + id + " deleted";
                        }
                        default -> "note " + id + " restored";
                    };
                    result.putArray("content").addObject().put("type", "text").put("text", text);
                }
                default -> result.removeAll(); // ping and anything else: an empty result
            }
            if (changed) {
                String events = "event: message\ndata: "
                        + JSON.createObjectNode()
                                .put("jsonrpc", "2.0")
                                .put("method", "notifications/tools/list_changed")
                        + "\n\nevent: message\ndata: " + response + "\n\n";
                send(exchange, "text/event-stream", events);
            } else {
                send(exchange, "application/json", response.toString());
            }
        }
    }

    private static void tool(ArrayNode tools, String name, String description, boolean readOnly) {
        ObjectNode tool = tools.addObject().put("name", name).put("description", description);
        ObjectNode schema = tool.putObject("inputSchema").put("type", "object");
        schema.putObject("properties").putObject("id").put("type", "string");
        tool.putObject("annotations").put("readOnlyHint", readOnly).put("destructiveHint", !readOnly);
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

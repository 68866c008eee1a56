package dev.lucy.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An MCP server as a tool provider, through the official MCP Java SDK: its tools become {@link Tool}s (schema,
 * description and side-effect hints carried over) whose handlers call the server.
 *
 * <p>Connect to a local server over stdio ({@link #stdio}) or a remote one over Streamable HTTP ({@link
 * #streamableHttp}); register {@link #tools()} in a {@link ToolRegistry}. Tool names are prefixed with the provider
 * ({@code github_create_issue}) so two servers cannot clash. Thread safe; {@link #tools()} and calls block. Close
 * it to stop the connection (and the stdio server process).
 */
public final class McpToolProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final McpSyncClient client;

    private McpToolProvider(String provider, McpSyncClient client) {
        this.provider = provider;
        this.client = client;
    }

    /**
     * Starts {@code command} (the server executable and its arguments) and speaks MCP over its stdin and stdout.
     *
     * @throws dev.lucy.core.LucyException when the server does not start or answer the handshake in time
     */
    public static McpToolProvider stdio(String provider, List<String> command, Duration requestTimeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name the MCP server executable");
        }
        ServerParameters parameters = ServerParameters.builder(command.getFirst())
                .args(command.subList(1, command.size()))
                .build();
        return connect(provider, new StdioClientTransport(parameters, new JacksonMcpJsonMapper(JSON)), requestTimeout);
    }

    /** Speaks MCP over Streamable HTTP to {@code endpoint} (for example {@code https://mcp.example.com/mcp}). */
    public static McpToolProvider streamableHttp(String provider, URI endpoint, Duration requestTimeout) {
        String base = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/mcp" : endpoint.getRawPath();
        McpClientTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(path)
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .build();
        return connect(provider, transport, requestTimeout);
    }

    private static McpToolProvider connect(String provider, McpClientTransport transport, Duration requestTimeout) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            client.close();
            throw dev.lucy.core.LucyException.transientFailure(
                    "MCP server '" + provider + "' did not complete the handshake", e);
        }
        return new McpToolProvider(provider, client);
    }

    public String provider() {
        return provider;
    }

    /** The server's tools now (all pages), as Lucy tools. */
    public List<Tool> tools() {
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            for (McpSchema.Tool tool : page.tools()) {
                Tool converted = convert(tool);
                if (names.add(converted.name())) {
                    tools.add(converted);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return List.copyOf(tools);
    }

    @Override
    public void close() {
        // Graceful close ends the session and, for stdio, the server process; close() then frees the client.
        try {
            client.closeGracefully();
        } finally {
            client.close();
        }
    }

    private Tool convert(McpSchema.Tool tool) {
        ObjectNode schema = tool.inputSchema() == null ? JSON.createObjectNode() : JSON.valueToTree(tool.inputSchema());
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        McpSchema.ToolAnnotations hints = tool.annotations();
        SideEffect effect = SideEffect.WRITE;
        boolean idempotent = false;
        if (hints != null) {
            if (Boolean.TRUE.equals(hints.readOnlyHint())) {
                effect = SideEffect.READ;
            } else if (Boolean.TRUE.equals(hints.destructiveHint())) {
                effect = SideEffect.DESTRUCTIVE;
            }
            idempotent = Boolean.TRUE.equals(hints.idempotentHint());
        }
        String description = tool.description() == null || tool.description().isBlank()
                ? "The " + tool.name() + " tool of " + provider
                : tool.description();
        String remoteName = tool.name();
        return Tool.builder(lucyName(remoteName))
                .description(description)
                .schema(schema)
                .provider(provider)
                .sideEffect(effect)
                .idempotent(idempotent)
                .tags(provider)
                .handler((caller, arguments) -> call(remoteName, arguments))
                .build();
    }

    private ToolResult call(String remoteName, com.fasterxml.jackson.databind.JsonNode arguments) {
        @SuppressWarnings("unchecked")
        Map<String, Object> args = JSON.convertValue(arguments, Map.class);
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(new McpSchema.CallToolRequest(remoteName, args));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ToolException(ToolError.TIMED_OUT, provider + " was stopped");
            }
            throw new ToolException(ToolError.RETRYABLE, provider + " did not answer the call", e);
        }
        String text = content(result);
        if (Boolean.TRUE.equals(result.isError())) {
            return ToolResult.failure(ToolError.FATAL, provider + " reported an error: " + text);
        }
        return ToolResult.success(text);
    }

    private static String content(McpSchema.CallToolResult result) {
        if (result.structuredContent() != null) {
            try {
                return JSON.writeValueAsString(result.structuredContent());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // Fall back to the text content.
            }
        }
        StringBuilder text = new StringBuilder();
        if (result.content() != null) {
            for (McpSchema.Content part : result.content()) {
                if (part instanceof McpSchema.TextContent textContent) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(textContent.text());
                }
            }
        }
        return text.toString();
    }

    private String lucyName(String remoteName) {
        String name = (provider + "_" + remoteName).replaceAll("[^a-zA-Z0-9_-]", "_");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}

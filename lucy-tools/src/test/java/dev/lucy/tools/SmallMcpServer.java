package dev.lucy.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/** A small MCP server over stdio, started as a separate process by {@link McpToolProviderTest}. */
public final class SmallMcpServer {
    private SmallMcpServer() {}

    public static void main(String[] args) throws InterruptedException {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        McpSchema.Tool forecast = McpSchema.Tool.builder()
                .name("get_forecast")
                .description("Weather forecast for a city")
                .inputSchema(json, """
                        {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
                .annotations(new McpSchema.ToolAnnotations("Forecast", true, false, true, true, false))
                .build();
        McpSchema.Tool wipe = McpSchema.Tool.builder()
                .name("wipe.cache")
                .description("Delete every cached forecast")
                .inputSchema(json, "{\"type\":\"object\",\"properties\":{}}")
                .annotations(new McpSchema.ToolAnnotations("Wipe", false, true, true, false, false))
                .build();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read() throws IOException {
                return seen(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return seen(super.read(b, off, len));
            }

            private int seen(int n) {
                if (n < 0) {
                    stdinClosed.countDown();
                }
                return n;
            }
        };
        // The test's JVM going away also ends this server, so no process outlives the build.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(stdinClosed::countDown));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, in, System.out))
                .serverInfo("small-weather", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(forecast)
                                .callHandler((exchange, request) -> {
                                    Object city = request.arguments().get("city");
                                    if ("Atlantis".equals(city)) {
                                        return McpSchema.CallToolResult.builder()
                                                .addTextContent("unknown city Atlantis")
                                                .isError(true)
                                                .build();
                                    }
                                    return McpSchema.CallToolResult.builder()
                                            .addTextContent("Sunny in " + city + ", 21 C")
                                            .build();
                                })
                                .build(),
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(wipe)
                                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                                        .addTextContent("wiped")
                                        .build())
                                .build())
                .build();
        // Serve until the client closes stdin (or the test JVM exits).
        stdinClosed.await();
        server.close();
        System.exit(0);
    }
}

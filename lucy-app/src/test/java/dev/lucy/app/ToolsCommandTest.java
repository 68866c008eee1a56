package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.testkit.NpmMcpServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lucy tools list|call} with a config naming the MCP project's reference server, installed from npm. */
class ToolsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run lucy(String mcpJson, String... args) throws IOException {
        Path config = dir.resolve("mcp.json");
        Files.writeString(config, mcpJson);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> line = new ArrayList<>(List.of("tools"));
        line.addAll(List.of(args));
        int code = new Main(
                        InputStream.nullInputStream(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of(
                                "LUCY_MCP_CONFIG",
                                config.toString(),
                                "LUCY_DATA_DIR",
                                dir.resolve("data").toString()))
                .run(line);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String everything() {
        List<String> command = NpmMcpServers.everythingStdio();
        return "{\"mcpServers\": {\"everything\": {\"command\": \"" + command.getFirst() + "\", \"args\": [\""
                + command.get(1) + "\"]}}}";
    }

    @Test
    void list_json_shows_every_tool_with_its_server_approval_and_schema() throws IOException {
        Run run = lucy(everything(), "list", "--json");

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode listed = JSON.readTree(run.out());
        JsonNode echo = find(listed, "everything__echo");
        assertThat(echo.path("server").asText()).isEqualTo("everything");
        assertThat(echo.path("label").asText()).isEqualTo("everything: echo");
        assertThat(echo.path("approval").asBoolean()).isFalse();
        assertThat(echo.at("/schema/properties/message/type").asText()).isEqualTo("string");
        JsonNode gzip = find(listed, "everything__gzip-file-as-resource");
        assertThat(gzip.path("approval").asBoolean()).isTrue();
        assertThat(gzip.path("openWorld").asBoolean()).isTrue();
        assertThat(find(listed, "create_task").path("server").asText()).isEqualTo("lucy");
        assertThat(listed.at("/servers/0/state").asText()).isEqualTo("ready");
    }

    @Test
    void call_makes_one_call_as_the_bot_would_and_holds_one_that_needs_approval() throws IOException {
        Run echo = lucy(everything(), "call", "everything__echo", "{\"message\":\"hello from the terminal\"}");
        assertThat(echo.code()).as(echo.err()).isZero();
        assertThat(echo.out().strip()).isEqualTo("Echo: hello from the terminal");

        Run invalid = lucy(everything(), "call", "everything__get-sum", "{\"a\":\"two\"}");
        assertThat(invalid.code()).isEqualTo(Main.FAILED);
        assertThat(invalid.err()).startsWith("lucy tools call: invalid_arguments: ");

        Run held = lucy(everything(), "call", "everything__toggle-simulated-logging");
        assertThat(held.code()).isEqualTo(Main.FAILED);
        assertThat(held.err()).contains("needs a human approval").contains("add --approve");

        Run approved = lucy(everything(), "call", "everything__toggle-simulated-logging", "{}", "--approve");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).containsIgnoringCase("logging");
    }

    @Test
    void an_unreachable_server_is_named_in_one_line() throws IOException {
        Run run = lucy("{\"mcpServers\": {\"nowhere\": {\"url\": \"http://127.0.0.1:9/mcp\"}}}", "list");

        assertThat(run.code()).isEqualTo(Main.FAILED);
        assertThat(run.err().lines().filter(l -> l.startsWith("lucy tools:")))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("lucy tools: MCP server 'nowhere' is down ("));
        assertThat(run.out()).contains("create_task");
    }

    @Test
    void a_server_each_person_signs_in_to_is_named_with_how_and_does_not_fail_the_listing() throws IOException {
        Run run = lucy("{\"mcpServers\": {\"notes\": {\"url\": \"http://127.0.0.1:9/mcp\", \"oauth\": true}}}", "list");

        assertThat(run.code()).isEqualTo(Main.OK);
        assertThat(run.err().lines().filter(l -> l.startsWith("lucy tools:")))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("'notes'", "/lucy connect notes"));
        assertThat(run.out()).contains("create_task");
    }

    @Test
    void bad_config_is_one_line_naming_the_server() throws IOException {
        Run run = lucy("{\"mcpServers\": {\"files\": {\"command\": \"x\", \"cwd\": \"/tmp\"}}}", "list");

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err().strip())
                .isEqualTo("lucy: LUCY_MCP_CONFIG: MCP server 'files' \"cwd\" is not a key Lucy knows (see"
                        + " docs/configuration.md)");
    }

    private static JsonNode find(JsonNode listed, String name) {
        for (JsonNode tool : listed.path("tools")) {
            if (tool.path("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError(name + " is not listed");
    }
}

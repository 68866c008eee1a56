package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.tools.McpServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LUCY_MCP_CONFIG: the mcpServers file teams already have, plus Lucy's keys, and one-line errors naming the server. */
class McpConfigFileTest {
    private static final String TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123";

    @TempDir
    Path dir;

    private LucyConfig load(String json, Map<String, String> env) throws IOException {
        Path file = dir.resolve("mcp.json");
        Files.writeString(file, json);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LUCY_MCP_CONFIG", file.toString());
        return ConfigLoader.load(all, Optional.empty());
    }

    @Test
    void reads_the_common_format_with_variables_from_the_environment_and_lucys_keys() throws IOException {
        LucyConfig config = load("""
                {"mcpServers": {
                  "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "${HOME_DIR}"],
                            "env": {"DEBUG": "1"}, "excludeTools": ["write_file"], "timeout": "45s"},
                  "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/",
                             "headers": {"Authorization": "Bearer ${GITHUB_TOKEN}"},
                             "workspaces": ["T1"], "channels": ["C1"], "approval": "always"},
                  "old": {"command": "old-server", "disabled": true}
                }}""", Map.of("HOME_DIR", "/srv/team", "GITHUB_TOKEN", TOKEN));

        assertThat(config.mcpServers()).extracting(McpServerConfig::name).containsExactly("files", "github");
        McpServerConfig files = config.mcpServers().getFirst();
        assertThat(files.command()).contains("npx");
        assertThat(files.args()).containsExactly("-y", "@modelcontextprotocol/server-filesystem", "/srv/team");
        assertThat(files.env()).containsEntry("DEBUG", "1");
        assertThat(files.excludeTools()).containsExactly("write_file");
        assertThat(files.callTimeout()).isEqualTo(Duration.ofSeconds(45));
        McpServerConfig github = config.mcpServers().get(1);
        assertThat(github.url()).contains(URI.create("https://api.githubcopilot.com/mcp/"));
        assertThat(github.headers()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(github.workspaces()).isEqualTo(Set.of("T1"));
        assertThat(github.channels()).isEqualTo(Set.of("C1"));
        assertThat(github.approval()).isEqualTo(McpServerConfig.Approval.ALWAYS);

        assertThat(config.toString()).doesNotContain(TOKEN);
        assertThat(github.toString()).doesNotContain(TOKEN).contains("Authorization");
        assertThat(config.secrets()).extracting(Secret::reveal).contains(TOKEN);
    }

    @Test
    void an_unknown_key_is_one_line_naming_the_server_and_the_key() {
        assertThatThrownBy(() ->
                        load("{\"mcpServers\": {\"files\": {\"command\": \"x\", \"autoApprove\": []}}}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'files' \"autoApprove\" is not a key Lucy knows (see"
                        + " docs/configuration.md)");
    }

    @Test
    void a_server_without_command_or_url_is_named() {
        assertThatThrownBy(() -> load("{\"mcpServers\": {\"files\": {\"args\": [\"a\"]}}}", Map.of()))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'files' needs a \"command\" (a local server) or a \"url\" (a"
                        + " remote one)");
    }

    @Test
    void an_unset_variable_is_named_and_no_value_is_shown() {
        assertThatThrownBy(() -> load(
                        "{\"mcpServers\": {\"github\": {\"url\": \"https://example.com/mcp\","
                                + " \"headers\": {\"Authorization\": \"Bearer ${GITHUB_TOKEN}\"}}}}",
                        Map.of("OTHER", TOKEN)))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'github' uses ${GITHUB_TOKEN}, which is not set in the"
                        + " environment")
                .message()
                .doesNotContain(TOKEN);
    }

    @Test
    void the_old_sse_transport_and_bad_values_are_refused_in_one_line() {
        assertThatThrownBy(() -> load(
                        "{\"mcpServers\": {\"legacy\": {\"type\": \"sse\", \"url\": \"https://example.com/sse\"}}}",
                        Map.of()))
                .hasMessageStartingWith("LUCY_MCP_CONFIG: MCP server 'legacy' \"type\" is sse");
        assertThatThrownBy(() -> load(
                        "{\"mcpServers\": {\"files\": {\"command\": \"x\", \"approval\": \"sometimes\"}}}", Map.of()))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'files' \"approval\" must be \"hints\", \"always\" or"
                        + " \"never\"");
        assertThatThrownBy(() -> load("{\"servers\": {}}", Map.of()))
                .hasMessageContaining("must be a JSON object with an \"mcpServers\" object in it");
        assertThatThrownBy(() -> load("{\"mcpServers\": {\"bad name\": {\"command\": \"x\"}}}", Map.of()))
                .hasMessageStartingWith("LUCY_MCP_CONFIG: MCP server name 'bad name' must be");
    }

    @Test
    void no_file_set_means_no_servers() {
        assertThat(ConfigLoader.load(Map.of(), Optional.empty()).mcpServers()).isEqualTo(List.of());
    }
}

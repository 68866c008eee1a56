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
    void oauth_makes_people_connect_one_by_one_with_a_client_of_their_own_or_a_configured_one() throws IOException {
        LucyConfig config = load("""
                {"mcpServers": {
                  "linear": {"url": "https://mcp.linear.app/mcp", "oauth": true},
                  "github": {"url": "https://api.githubcopilot.com/mcp/",
                             "oauth": {"clientId": "Iv1.lucy", "clientSecret": "${GITHUB_CLIENT_SECRET}",
                                       "scopes": ["repo", "read:org"]}}
                }}""", Map.of("GITHUB_CLIENT_SECRET", TOKEN));

        McpServerConfig linear = config.mcpServers().get(0);
        McpServerConfig github = config.mcpServers().get(1);
        assertThat(linear.personal()).isTrue();
        assertThat(linear.oauth()).contains(McpServerConfig.OAuth.dynamic());
        assertThat(github.oauth().orElseThrow().clientId()).contains("Iv1.lucy");
        assertThat(github.oauth().orElseThrow().clientSecret()).contains(TOKEN);
        assertThat(github.oauth().orElseThrow().scopes()).containsExactly("repo", "read:org");
        assertThat(github.toString()).doesNotContain(TOKEN);
        assertThat(config.secrets()).extracting(Secret::reveal).contains(TOKEN);
    }

    @Test
    void bad_oauth_settings_are_one_line_naming_the_server() {
        assertThatThrownBy(() -> load("{\"mcpServers\": {\"files\": {\"command\": \"x\", \"oauth\": true}}}", Map.of()))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'files' sets oauth, which only a url uses");
        assertThatThrownBy(() -> load(
                        "{\"mcpServers\": {\"gh\": {\"url\": \"https://x.example/mcp\", \"oauth\": {\"secret\": \"s\"}}}}",
                        Map.of()))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'gh' \"oauth\".secret is not a key Lucy knows (clientId,"
                        + " clientSecret, scopes)");
        assertThatThrownBy(() -> load(
                        "{\"mcpServers\": {\"gh\": {\"url\": \"https://x.example/mcp\", \"oauth\": \"yes\"}}}",
                        Map.of()))
                .hasMessage("LUCY_MCP_CONFIG: MCP server 'gh' \"oauth\" must be true or an object (clientId,"
                        + " clientSecret, scopes)");
    }

    @Test
    void a_secret_key_that_is_not_32_bytes_of_base64_is_one_line_that_never_shows_it() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_SECRET_KEY", key), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LUCY_SECRET_KEY: must be 32 bytes in base64, for example the output of `openssl rand"
                        + " -base64 32`")
                .message()
                .doesNotContain(key);
        String good = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        LucyConfig config = ConfigLoader.load(
                Map.of("LUCY_SECRET_KEY", good, "LUCY_PUBLIC_URL", "https://lucy.example.com"), Optional.empty());
        assertThat(config.publicUrl()).contains(java.net.URI.create("https://lucy.example.com"));
        assertThat(config.toString()).doesNotContain(good);
        assertThat(config.secrets()).extracting(Secret::reveal).contains(good);
    }

    @Test
    void no_file_set_means_no_servers() {
        assertThat(ConfigLoader.load(Map.of(), Optional.empty()).mcpServers()).isEqualTo(List.of());
    }
}

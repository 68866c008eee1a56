package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.LucyConfig;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot as ./lucy runs it from its environment: Slack, the model, the database, the operations endpoint. */
class BotCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private LucyConfig config(SlackSimulator slack, ScriptedModelServer model, Map<String, String> more) {
        return BotSettings.against(slack, model, dataDir, more);
    }

    @Test
    void the_configured_bot_answers_in_slack_reports_ready_and_publishes_metrics_until_stopped() throws Exception {
        try (SlackSimulator slack = SlackSimulator.builder().channel("general").start();
                ScriptedModelServer model = ScriptedModelServer.start()) {
            LucyConfig config = config(slack, model, Map.of());
            int opsPort;
            try (BotCommand.Running bot = BotCommand.start(config)) {
                opsPort = bot.opsPort().orElseThrow();
                slack.awaitTrue("the bot to be ready", WAIT, () -> status(opsPort, "/readyz") == 200);

                SlackMessage question = slack.user("alice").mentionsBot("general", "summarise the plan for the launch");
                SlackMessage answer = slack.awaitBotReply(question, WAIT);

                assertThat(answer.text()).contains("summarise the plan for the launch");
                assertThat(get(opsPort, "/healthz").statusCode()).isEqualTo(200);
                String metrics = get(opsPort, "/metrics").body();
                assertThat(metrics)
                        .contains("lucy_tool_loop_ratio", "lucy_unknown_tool_ratio", "lucy_no_text_fallback_ratio");
                assertThat(metrics).contains("lucy_tool_execution_error_ratio", "lucy_tool_p95_latency_seconds");
                assertThat(metrics).contains("lucy_queue_depth", "lucy_runs_in_flight", "lucy_build_info");
                assertThat(metrics)
                        .contains("lucy_model_requests_total{model=", "lucy_model_request_duration_seconds_bucket{");
                // the answer streams to alice; its end is counted once Slack's reply to it is back, a moment after
                // the stream is seen to stop
                slack.awaitTrue(
                        "the answer's stream to be counted",
                        WAIT,
                        () -> body(opsPort, "/metrics")
                                .contains("lucy_slack_requests_total{method=\"chat.stopStream\",outcome=\"ok\"}"));
                assertThat(dataDir.resolve("lucy.db")).exists();
            }
            assertThat(slack.connections()).isEmpty();
            int closedPort = opsPort;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(closedPort, "/healthz"))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void an_mcp_server_that_cannot_be_reached_shows_in_readyz_and_connect_lists_the_servers() throws Exception {
        Path mcp = dataDir.resolve("mcp.json");
        java.nio.file.Files.writeString(mcp, "{\"mcpServers\": {\"nowhere\": {\"url\": \"http://127.0.0.1:9/mcp\"}}}");
        try (SlackSimulator slack = SlackSimulator.builder().channel("general").start();
                ScriptedModelServer model = ScriptedModelServer.start()) {
            LucyConfig config = config(slack, model, Map.of("LUCY_MCP_CONFIG", mcp.toString()));
            try (BotCommand.Running bot = BotCommand.start(config)) {
                int opsPort = bot.opsPort().orElseThrow();
                slack.awaitTrue("the bot to be ready", WAIT, () -> status(opsPort, "/readyz") == 200);
                slack.awaitTrue(
                        "the server to be reported down",
                        WAIT,
                        () -> body(opsPort, "/readyz").contains("\"mcpServers\":{\"nowhere\":\"down: "));
                assertThat(status(opsPort, "/readyz"))
                        .as("a server that is down leaves Lucy ready")
                        .isEqualTo(200);

                slack.user("alice").runsCommand("general", "/lucy", "connect github");
                SlackMessage answer = slack.awaitEphemeral("general", 1, WAIT);

                assertThat(answer.text())
                        .contains("nowhere", "To add a service")
                        .doesNotContain("http", "lucy.invalid");
            }
        }
    }

    @Test
    void a_server_people_sign_in_to_gets_their_own_link_which_the_operations_endpoint_serves() throws Exception {
        Path mcp = dataDir.resolve("mcp.json");
        try (SlackSimulator slack = SlackSimulator.builder().channel("general").start();
                ScriptedModelServer model = ScriptedModelServer.start();
                dev.lucy.testkit.OAuthMcpServer notes = dev.lucy.testkit.OAuthMcpServer.start()) {
            java.nio.file.Files.writeString(
                    mcp, "{\"mcpServers\": {\"notes\": {\"url\": \"" + notes.endpoint() + "\", \"oauth\": true}}}");
            LucyConfig config = config(slack, model, Map.of("LUCY_MCP_CONFIG", mcp.toString()));
            try (BotCommand.Running bot = BotCommand.start(config)) {
                int opsPort = bot.opsPort().orElseThrow();
                slack.awaitTrue("the bot to be ready", WAIT, () -> status(opsPort, "/readyz") == 200);
                notes.signInAs("alice@notes");

                slack.user("alice").runsCommand("general", "/lucy", "connect notes");
                String text = slack.awaitEphemeral("general", 1, WAIT).text();
                java.util.regex.Matcher link = java.util.regex.Pattern.compile(
                                "<(http://127\\.0\\.0\\.1:" + opsPort + "/oauth/start\\?state=[^|>]+)\\|")
                        .matcher(text);
                assertThat(link.find()).as(text).isTrue();
                HttpResponse<String> page = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(link.group(1)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                assertThat(page.body()).contains("Lucy can now use notes for you");
                assertThat(get(opsPort, "/oauth/start?state=used-or-forged").statusCode())
                        .isEqualTo(410);
                Path key = dataDir.resolve(SecretKeys.FILE);
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                                java.nio.file.Files.getPosixFilePermissions(key)))
                        .isEqualTo("rw-------");
                assertThat(bot.app().engine().mcpServers().oauth().orElseThrow().connectedTo("notes"))
                        .extracting(dev.lucy.tools.spi.McpTokenStore.Key::userId)
                        .containsExactly(slack.user("alice").id());
            }
        }
    }

    private int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private String body(int port, String path) {
        try {
            return get(port, path).body();
        } catch (Exception notYet) {
            return "";
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

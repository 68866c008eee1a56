package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lucy.app.LucyApp;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.ops.SlackInstallPages;
import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.app.slack.SlackWorkspaces;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Several workspaces in HTTP mode: Slack posts every workspace's events to Lucy's one endpoint. A second workspace
 * installed through OAuth is answered in its own channel with its own token, and its {@code app_uninstalled} deletes
 * its installation. An app distributed only by its install link (no bot token at all) starts with none installed,
 * says where to install it, and serves each workspace that does.
 */
class WorkspacesHttpE2ETest {
    private static final String SECOND = "T0SECOND01";
    private static final String SECRET = "http-signing-secret";

    @Test
    void events_of_a_second_workspace_posted_to_the_http_endpoint_are_answered_with_its_token() throws Exception {
        AtomicReference<URI> publicUrl = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
        try (ScratchDirectory data = ScratchDirectory.create("lucy-http-workspaces-");
                SlackSimulator slack = SlackSimulator.builder()
                        .workspace(SECOND, "Second Company", "second")
                        .userIn(SECOND, "carol")
                        .channelIn(SECOND, "support")
                        .start();
                ScriptedModelServer model =
                        ScriptedModelServer.builder().script(new E2EModel()).start();
                LucyApp lucy = httpLucy(slack, model, data, publicUrl, true);
                OpsServer ops = installPages(lucy)) {
            publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
            try (HttpClient browser = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()) {
                HttpResponse<String> page = browser.send(
                        HttpRequest.newBuilder(publicUrl.get().resolve(SlackOAuthConfig.INSTALL_PATH))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("Lucy is installed");
            }
            // Slack's own message, then its event posted to Lucy's endpoint as Slack would
            SlackMessage asked =
                    slack.user("carol").says("support", "<@" + slack.botUserId(SECOND) + "> How do refunds work?");
            String ts = asked.ts();
            String channel = slack.channelId("support");
            assertThat(post(lucy, event(slack, "Ev0HTTP0002", """
                            {"type":"app_mention","user":"%s","text":"<@%s> How do refunds work?","ts":"%s",\
                            "channel":"%s","event_ts":"%s"}""".formatted(
                                    slack.user("carol").id(), slack.botUserId(SECOND), ts, channel, ts))))
                    .isEqualTo(200);

            SlackMessage answer = slack.await(
                    "Lucy's answer in the second workspace",
                    Duration.ofSeconds(30),
                    () -> slack.thread(asked).stream()
                            .filter(m -> m.fromBot() && m.text().contains("refunds"))
                            .findFirst());
            assertThat(answer.text()).isEqualTo(E2EModel.answerTo("How do refunds work?"));

            SlackWorkspaces workspaces = lucy.workspaces().orElseThrow();
            assertThat(post(lucy, event(slack, "Ev0HTTP0003", "{\"type\":\"app_uninstalled\"}")))
                    .isEqualTo(200);
            assertThat(workspaces.botUserId(SECOND)).isEmpty();
            assertThat(workspaces.workspaceOf(channel)).isEmpty();
        }
    }

    @Test
    void with_no_bot_token_lucy_starts_with_no_workspace_and_serves_each_one_installed_through_oauth()
            throws Exception {
        AtomicReference<URI> publicUrl = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
        ListAppender<ILoggingEvent> startUp = new ListAppender<>();
        startUp.start();
        Logger appLog = (Logger) LoggerFactory.getLogger(LucyApp.class);
        appLog.addAppender(startUp);
        try (ScratchDirectory data = ScratchDirectory.create("lucy-oauth-only-");
                SlackSimulator slack = SlackSimulator.builder()
                        .workspace(SECOND, "Second Company", "second")
                        .userIn(SECOND, "carol")
                        .channelIn(SECOND, "support")
                        .start();
                ScriptedModelServer model =
                        ScriptedModelServer.builder().script(new E2EModel()).start();
                LucyApp lucy = httpLucy(slack, model, data, publicUrl, false);
                OpsServer ops = installPages(lucy)) {
            assertThat(startUp.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.contains("no workspace installed yet; install at http://127.0.0.1:1"
                            + SlackOAuthConfig.INSTALL_PATH));
            assertThat(lucy.ready()).isTrue();
            assertThat(lucy.workspaces().orElseThrow().installed()).isEmpty();

            publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
            try (HttpClient browser = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()) {
                HttpResponse<String> page = browser.send(
                        HttpRequest.newBuilder(publicUrl.get().resolve(SlackOAuthConfig.INSTALL_PATH))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("Lucy is installed", "Second Company");
            }
            assertThat(lucy.workspaces().orElseThrow().installed()).hasSize(1);

            String bot = slack.botUserId(SECOND);
            SlackMessage asked = slack.user("carol").says("support", "<@" + bot + "> How do refunds work?");
            String channel = slack.channelId("support");
            assertThat(post(lucy, event(slack, "Ev0OAUTH001", """
                            {"type":"app_mention","user":"%s","text":"<@%s> How do refunds work?","ts":"%s",\
                            "channel":"%s","event_ts":"%s"}""".formatted(
                                    slack.user("carol").id(), bot, asked.ts(), channel, asked.ts()))))
                    .isEqualTo(200);

            SlackMessage answer = slack.await(
                    "Lucy's answer in the workspace installed through OAuth",
                    Duration.ofSeconds(30),
                    () -> slack.thread(asked).stream()
                            .filter(m -> m.fromBot() && m.text().contains("refunds"))
                            .findFirst());
            assertThat(answer.text()).isEqualTo(E2EModel.answerTo("How do refunds work?"));
            assertThat(slack.calls())
                    .as("every call went out with the token of the workspace it was about")
                    .noneMatch(call -> call.error()
                            .filter(e -> e.equals("not_authed") || e.equals("invalid_auth"))
                            .isPresent());
        } finally {
            appLog.detachAppender(startUp);
        }
    }

    /** Lucy over HTTP against {@code slack}, installable through OAuth, with the bot token's workspace or none. */
    private static LucyApp httpLucy(
            SlackSimulator slack,
            ScriptedModelServer model,
            ScratchDirectory data,
            AtomicReference<URI> publicUrl,
            boolean withBotToken) {
        SlackTransportConfig.Builder transport = SlackTransportConfig.builder()
                .mode(SlackTransportConfig.Mode.HTTP)
                .signingSecret(SECRET)
                .httpHost("127.0.0.1")
                .httpPort(0)
                .webApiUrl(slack.methodsUrl());
        if (withBotToken) {
            transport.botToken(slack.botToken());
        }
        return LucyApp.builder()
                .slack(transport.build())
                .model(ModelClientConfig.builder()
                        .baseUrl(model.baseUrl())
                        .noApiKey()
                        .build())
                .dataDirectory(data.path())
                .slackInstalls(
                        SlackOAuthConfig.of(slack.clientId(), slack.clientSecret())
                                .withAuthorizeUrl(slack.authorizeUrl()),
                        SecretBox.of(SecretBox.newKey()),
                        publicUrl::get)
                .build()
                .start();
    }

    /** The install pages of {@code lucy} on an operations server of their own. */
    private static OpsServer installPages(LucyApp lucy) {
        return SlackInstallPages.install(
                        OpsServer.builder().host("127.0.0.1").port(0),
                        lucy.workspaces().orElseThrow())
                .build()
                .start();
    }

    private static String event(SlackSimulator slack, String eventId, String event) {
        return """
                {"token":"unused","team_id":"%s","api_app_id":"%s","type":"event_callback","event_id":"%s",\
                "event_time":%d,"event":%s}""".formatted(SECOND, slack.appId(), eventId, Instant.now().getEpochSecond(), event);
    }

    private static int post(LucyApp lucy, String body) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v0="
                + HexFormat.of()
                        .formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + lucy.transport().httpPort() + "/slack/events"))
                                    .header("Content-Type", "application/json")
                                    .header("X-Slack-Request-Timestamp", timestamp)
                                    .header("X-Slack-Signature", signature)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        }
    }
}

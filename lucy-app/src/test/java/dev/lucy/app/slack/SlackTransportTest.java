package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.runtime.RunRequest;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SocketConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Socket health over Socket Mode, and HTTP mode with Slack's request signatures. */
class SlackTransportTest {
    private static final Duration WAIT = IngressHarness.WAIT;
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @RegisterExtension
    final IngressHarness.Connected connected = new IngressHarness.Connected();

    @Test
    void after_a_dropped_socket_lucy_reconnects_and_still_hears_new_messages() {
        try (SlackSimulator slack =
                        SlackSimulator.builder().subscriptions("app_mention").start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            SocketConnection first = slack.awaitConnections(1, WAIT).get(0);
            slack.awaitTrue("the transport ready", WAIT, lucy.transport::isConnected);

            slack.dropConnection(first.id());
            slack.awaitTrue(
                    "a new socket in place of the dropped one",
                    WAIT,
                    () -> slack.connections().stream().anyMatch(c -> !c.id().equals(first.id()))
                            && slack.connections().stream().noneMatch(c -> c.id().equals(first.id())));
            SlackMessage question = slack.user("alice").mentionsBot("general", "is the staging cluster healthy?");

            RunRequest run = lucy.awaitRuns(1).get(0);
            assertThat(run.event().messageId()).isEqualTo(question.ts());
            slack.awaitTrue("the transport ready again", WAIT, lucy.transport::isConnected);
            assertThat(lucy.transport.status().reconnects()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_half_open_socket_that_stops_answering_pings_is_replaced_and_the_message_sent_into_it_still_arrives() {
        try (SlackSimulator slack = SlackSimulator.builder()
                        .subscriptions("app_mention")
                        .ackTimeout(Duration.ofSeconds(1))
                        // Slack retries after about 1 and 5 minutes; shorter here, and enough tries to outlast the
                        // client noticing the silence (its first check comes 5 s after start)
                        .retryDelays(
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(2))
                        .start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            SocketConnection first = slack.awaitConnections(1, WAIT).get(0);

            slack.silenceConnection(first.id());
            SlackMessage question = slack.user("bob").mentionsBot("general", "did the nightly backup finish?");

            slack.awaitTrue(
                    "a new socket beside the silent one",
                    WAIT,
                    () -> slack.connections().stream().anyMatch(c -> !c.id().equals(first.id())));
            RunRequest run = lucy.awaitRuns(1).get(0);
            assertThat(run.event().messageId()).isEqualTo(question.ts());
            assertThat(slack.deliveries().stream()
                            .filter(d -> d.connectionId().equals(first.id()))
                            .count())
                    .as("the first attempt went into the silent socket and was lost")
                    .isGreaterThanOrEqualTo(1);
            assertThat(lucy.transport.status().reconnects()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_disconnect_frame_opens_a_new_socket_and_messages_keep_arriving() {
        try (SlackSimulator slack = SlackSimulator.builder()
                        .subscriptions("app_mention")
                        .refreshGrace(Duration.ofSeconds(2))
                        .start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            SocketConnection first = slack.awaitConnections(1, WAIT).get(0);

            slack.sendDisconnect(first.id(), "warning");
            slack.awaitTrue("the old socket replaced", WAIT, () -> {
                var open = slack.connections();
                return open.size() == 1 && !open.get(0).id().equals(first.id());
            });
            slack.user("bob").mentionsBot("general", "what is the on-call rotation this week?");

            assertThat(lucy.awaitRuns(1).get(0).event().text()).isEqualTo("what is the on-call rotation this week?");
            slack.awaitTrue("the transport ready", WAIT, lucy.transport::isConnected);
            assertThat(lucy.transport.status().reconnects()).isEqualTo(1);
        }
    }

    @Test
    void a_socket_replaced_while_apps_connections_open_is_rate_limited_waits_and_reconnects() {
        // Slack's Tier 1 for apps.connections.open, in a window short enough for a test: the start used the only
        // permit, so the replacement's first ask is answered 429 with Retry-After.
        try (SlackSimulator slack = SlackSimulator.builder()
                        .subscriptions("app_mention")
                        .refreshGrace(Duration.ofSeconds(2))
                        .rateLimits(RateLimits.off().with("apps.connections.open", 1, Duration.ofSeconds(2)))
                        .start();
                IngressHarness lucy = IngressHarness.socketMode(slack)) {
            SocketConnection first = slack.awaitConnections(1, WAIT).get(0);

            slack.sendDisconnect(first.id(), "warning");
            slack.awaitTrue("the old socket replaced", WAIT, () -> {
                var open = slack.connections();
                return open.size() == 1 && !open.get(0).id().equals(first.id());
            });
            slack.user("bob").mentionsBot("general", "is the release branch cut?");

            assertThat(lucy.awaitRuns(1).get(0).event().text()).isEqualTo("is the release branch cut?");
            assertThat(slack.calls("apps.connections.open"))
                    .extracting(ApiCall::httpStatus)
                    .as("asked, refused once, asked again after Retry-After")
                    .containsExactly(200, 429, 200);
        }
    }

    @Test
    void closing_the_transport_closes_the_socket_and_reports_not_ready(SlackSimulator slack, IngressHarness lucy) {
        lucy.transport.close();

        slack.awaitTrue("no socket open", WAIT, () -> slack.connections().isEmpty());
        assertThat(lucy.transport.isConnected()).isFalse();
        assertThat(lucy.transport.status().running()).isFalse();
    }

    private static IngressHarness httpMode(SlackSimulator slack) {
        return new IngressHarness(
                        slack,
                        b -> b.mode(SlackTransportConfig.Mode.HTTP)
                                .appToken(null)
                                .signingSecret(SECRET)
                                .httpHost("127.0.0.1")
                                .httpPort(0),
                        b -> b,
                        null)
                .start();
    }

    private static String mentionEvent(SlackSimulator slack, String eventId, String ts, String text) {
        return """
                {"token":"unused","team_id":"%s","api_app_id":"%s","type":"event_callback","event_id":"%s",
                 "event_time":%d,"event":{"type":"app_mention","user":"%s","text":"<@%s> %s","ts":"%s",
                 "channel":"%s","event_ts":"%s"}}""".formatted(
                        slack.teamId(),
                        slack.appId(),
                        eventId,
                        Instant.now().getEpochSecond(),
                        slack.user("alice").id(),
                        slack.botUserId(),
                        text,
                        ts,
                        slack.channelId("general"),
                        ts);
    }

    /** Slack's scheme: v0= hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). */
    private static String sign(String secret, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0="
                + HexFormat.of()
                        .formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> post(IngressHarness lucy, String path, String body, String signature)
            throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + lucy.transport.httpPort() + path))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        request.header("X-Slack-Signature", signature != null ? signature : sign(SECRET, timestamp, body));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void http_mode_takes_a_correctly_signed_event() throws Exception {
        try (SlackSimulator slack = SlackSimulator.create();
                IngressHarness lucy = httpMode(slack)) {
            String ts = Instant.now().getEpochSecond() + ".000200";
            HttpResponse<String> response = post(
                    lucy, "/slack/events", mentionEvent(slack, "Ev0HTTP0001", ts, "how big is the backlog?"), null);

            assertThat(response.statusCode()).isEqualTo(200);
            RunRequest run = lucy.awaitRuns(1).get(0);
            assertThat(run.event().text()).isEqualTo("how big is the backlog?");
            assertThat(run.event().eventId()).isEqualTo("Ev0HTTP0001");
            assertThat(run.event().conversationId()).isEqualTo(slack.channelId("general") + ":" + ts);
            assertThat(lucy.transport.isConnected()).isTrue();
        }
    }

    @Test
    void http_mode_refuses_a_badly_signed_request_with_401_and_runs_nothing() throws Exception {
        try (SlackSimulator slack = SlackSimulator.create();
                IngressHarness lucy = httpMode(slack)) {
            String ts = Instant.now().getEpochSecond() + ".000300";
            String body = mentionEvent(slack, "Ev0HTTP0002", ts, "delete every branch please");
            String timestamp = Long.toString(Instant.now().getEpochSecond());

            HttpResponse<String> forged = post(lucy, "/slack/events", body, sign("not-the-secret", timestamp, body));
            HttpResponse<String> unsigned = post(lucy, "/slack/events", body, "");
            HttpResponse<String> elsewhere = post(lucy, "/other", body, null);

            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            // a correctly signed request afterwards still works, so the refusals above are not a broken endpoint
            String goodTs = Instant.now().getEpochSecond() + ".000400";
            assertThat(post(
                                    lucy,
                                    "/slack/events",
                                    mentionEvent(slack, "Ev0HTTP0003", goodTs, "hello there friend"),
                                    null)
                            .statusCode())
                    .isEqualTo(200);
            lucy.awaitQuiet();
            assertThat(lucy.runs).isEmpty();
            assertThat(lucy.admissions).hasSize(1);
        }
    }

    @Test
    void the_config_names_the_missing_setting() {
        assertThatThrownBy(
                        () -> SlackTransportConfig.builder().botToken("xoxp-1").build())
                .hasMessageStartingWith("botToken");
        assertThatThrownBy(() -> SlackTransportConfig.builder().build())
                .as("without a bot token (workspaces install through OAuth) Socket Mode still needs its app token")
                .hasMessageStartingWith("appToken");
        assertThatThrownBy(
                        () -> SlackTransportConfig.builder().botToken("xoxb-1").build())
                .hasMessageStartingWith("appToken");
        assertThatThrownBy(() -> SlackTransportConfig.builder()
                        .botToken("xoxb-1")
                        .mode(SlackTransportConfig.Mode.HTTP)
                        .build())
                .hasMessageStartingWith("signingSecret");
        assertThatThrownBy(() -> SlackTransportConfig.builder()
                        .botToken("xoxb-1")
                        .appToken("xapp-1")
                        .webApiUrl("ftp://slack")
                        .build())
                .hasMessageStartingWith("webApiUrl");
        assertThat(SlackTransportConfig.builder()
                        .botToken("xoxb-secret")
                        .appToken("xapp-secret")
                        .build()
                        .toString())
                .doesNotContain("secret");
    }
}

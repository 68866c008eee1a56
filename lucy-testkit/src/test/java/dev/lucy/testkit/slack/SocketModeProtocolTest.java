package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Socket Mode frames exactly as a client sees them, through a bare WebSocket client. */
class SocketModeProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(600);

    private SlackSimulator slack;

    private SlackSimulator start(SlackSimulator.Builder builder) {
        slack = builder.start();
        return slack;
    }

    @AfterEach
    void stop() {
        if (slack != null) {
            slack.close();
        }
    }

    private static SlackSimulator.Builder fastRetries() {
        return SlackSimulator.builder()
                .ackTimeout(Duration.ofMillis(200))
                .retryDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void hello_comes_first_and_names_the_app() throws Exception {
        start(SlackSimulator.builder());
        try (RawSocketClient client = RawSocketClient.connect(slack)) {
            JsonNode hello = client.next(WAIT);
            assertThat(hello.path("type").asText()).isEqualTo("hello");
            assertThat(hello.path("num_connections").asInt()).isEqualTo(1);
            assertThat(hello.path("connection_info").path("app_id").asText()).isEqualTo(slack.appId());
            assertThat(hello.path("debug_info").path("host").asText()).isNotBlank();
        }
    }

    @Test
    void a_user_message_arrives_as_message_and_app_mention_envelopes_like_slack_sends() throws Exception {
        start(SlackSimulator.builder().subscriptions("message.channels", "app_mention"));
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            SlackUser alice = slack.user("alice");
            SlackMessage parent = alice.says("general", "first");
            client.ack(client.next(WAIT));
            SlackMessage reply = alice.replies("general", parent.ts(), "<@" + slack.botUserId() + "> help");

            JsonNode message = client.next(WAIT);
            JsonNode mention = client.next(WAIT);
            for (JsonNode envelope : List.of(message, mention)) {
                assertThat(envelope.path("type").asText()).isEqualTo("events_api");
                assertThat(envelope.path("envelope_id").asText()).isNotBlank();
                assertThat(envelope.path("accepts_response_payload").asBoolean())
                        .isFalse();
                assertThat(envelope.path("retry_attempt").asInt()).isZero();
                assertThat(envelope.path("retry_reason").asText()).isEmpty();
                JsonNode payload = envelope.path("payload");
                assertThat(payload.path("type").asText()).isEqualTo("event_callback");
                assertThat(payload.path("event_id").asText()).startsWith("Ev");
                assertThat(payload.path("event_time").asLong()).isPositive();
                assertThat(payload.path("team_id").asText()).isEqualTo(slack.teamId());
                assertThat(payload.path("api_app_id").asText()).isEqualTo(slack.appId());
                assertThat(payload.path("authorizations").get(0).path("user_id").asText())
                        .isEqualTo(slack.botUserId());
                JsonNode event = payload.path("event");
                assertThat(event.path("ts").asText()).isEqualTo(reply.ts());
                assertThat(event.path("thread_ts").asText()).isEqualTo(parent.ts());
                assertThat(event.path("team").asText()).isEqualTo(slack.teamId());
                assertThat(event.path("user").asText()).isEqualTo(alice.id());
                assertThat(event.path("channel").asText()).isEqualTo(slack.channelId("general"));
                client.ack(envelope);
            }
            assertThat(message.path("payload").path("event").path("type").asText())
                    .isEqualTo("message");
            assertThat(message.path("payload")
                            .path("event")
                            .path("channel_type")
                            .asText())
                    .isEqualTo("channel");
            assertThat(mention.path("payload").path("event").path("type").asText())
                    .isEqualTo("app_mention");
            assertThat(message.path("payload").path("event_id").asText())
                    .isNotEqualTo(mention.path("payload").path("event_id").asText());
        }
    }

    @Test
    void edits_and_deletions_arrive_as_message_changed_and_message_deleted() throws Exception {
        start(SlackSimulator.builder().subscriptions("message.channels"));
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack);
                BoltHarness sdk = new BoltHarness(slack)) {
            SlackUser alice = slack.user("alice");
            SlackMessage typo = alice.says("general", "helo");
            client.ack(client.next(WAIT));

            alice.edits(typo, "hello");
            JsonNode changed = client.next(WAIT);
            client.ack(changed);
            alice.deletes(typo);
            JsonNode deleted = client.next(WAIT);
            client.ack(deleted);

            JsonNode change = changed.path("payload").path("event");
            assertThat(change.path("subtype").asText()).isEqualTo("message_changed");
            assertThat(change.path("message").path("text").asText()).isEqualTo("hello");
            assertThat(change.path("previous_message").path("text").asText()).isEqualTo("helo");
            JsonNode deletion = deleted.path("payload").path("event");
            assertThat(deletion.path("subtype").asText()).isEqualTo("message_deleted");
            assertThat(deletion.path("deleted_ts").asText()).isEqualTo(typo.ts());
            assertThat(slack.message("general", typo.ts()).orElseThrow().deleted())
                    .isTrue();

            String ts = sdk.methods()
                    .chatPostMessage(r -> r.channel(slack.channelId("general")).text("working"))
                    .getTs();
            JsonNode echo = client.next(WAIT).path("payload").path("event");
            assertThat(echo.path("bot_id").asText()).isEqualTo(slack.botId());
            sdk.methods()
                    .chatUpdate(
                            r -> r.channel(slack.channelId("general")).ts(ts).text("done"));
            JsonNode botEdit = client.next(WAIT).path("payload").path("event");
            assertThat(botEdit.path("subtype").asText()).isEqualTo("message_changed");
            assertThat(botEdit.path("message").path("bot_id").asText()).isEqualTo(slack.botId());
        }
    }

    @Test
    void a_user_from_another_team_speaks_with_their_own_team_in_a_private_channel() throws Exception {
        start(SlackSimulator.builder()
                .otherTeam("T0PARTNER1", "Partner", "partner")
                .user("alice")
                .externalUser("pat", "T0PARTNER1")
                .channel("shared", ChannelType.PRIVATE_CHANNEL, true, "alice", "pat")
                .subscriptions("message.groups"));
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            slack.user("pat").says("shared", "hello from partner");
            JsonNode envelope = client.next(WAIT);
            client.ack(envelope);

            JsonNode event = envelope.path("payload").path("event");
            assertThat(event.path("team").asText()).isEqualTo("T0PARTNER1");
            assertThat(event.path("channel_type").asText()).isEqualTo("group");
            assertThat(envelope.path("payload").path("team_id").asText()).isEqualTo(slack.teamId());
            assertThat(slack.user("pat").teamId()).isEqualTo("T0PARTNER1");
        }
    }

    @Test
    void a_direct_message_arrives_with_channel_type_im() throws Exception {
        start(SlackSimulator.builder());
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            slack.user("bob").dmsBot("hi lucy");
            JsonNode event = client.next(WAIT).path("payload").path("event");
            assertThat(event.path("type").asText()).isEqualTo("message");
            assertThat(event.path("channel_type").asText()).isEqualTo("im");
            assertThat(event.path("channel").asText()).startsWith("D").isEqualTo(slack.imWith("bob"));
        }
    }

    @Test
    void an_unacked_envelope_is_redelivered_with_retry_attempt_and_reason_until_retries_run_out() throws Exception {
        start(fastRetries().subscriptions("app_mention"));
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            slack.user("alice").mentionsBot("general", "hello?");

            JsonNode first = client.next(WAIT);
            List<JsonNode> retries = List.of(client.next(WAIT), client.next(WAIT), client.next(WAIT));
            assertThat(client.maybeNext(QUIET)).as("no fourth retry").isEmpty();

            for (int i = 0; i < 3; i++) {
                JsonNode retry = retries.get(i);
                assertThat(retry.path("envelope_id").asText())
                        .isEqualTo(first.path("envelope_id").asText());
                assertThat(retry.path("retry_attempt").asInt()).isEqualTo(i + 1);
                assertThat(retry.path("retry_reason").asText()).isEqualTo("timeout");
                assertThat(retry.path("payload").path("event_id").asText())
                        .isEqualTo(first.path("payload").path("event_id").asText());
            }
            slack.awaitTrue("the last attempt to time out", WAIT, () -> slack.unackedEnvelopes() == 0);
            assertThat(slack.deliveries())
                    .extracting(Delivery::outcome)
                    .containsOnly(Delivery.Outcome.TIMED_OUT)
                    .hasSize(4);
        }
    }

    @Test
    void an_acked_envelope_is_never_sent_again() throws Exception {
        start(fastRetries().subscriptions("app_mention"));
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            slack.user("alice").mentionsBot("general", "hello?");
            client.ack(client.next(WAIT));

            assertThat(client.maybeNext(QUIET)).isEmpty();
            assertThat(slack.deliveries())
                    .singleElement()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(Delivery.Outcome.ACKED));
        }
    }

    @Test
    void a_redelivery_may_arrive_on_another_socket_with_the_same_event_id() throws Exception {
        start(fastRetries().subscriptions("app_mention"));
        try (RawSocketClient one = RawSocketClient.connect(slack);
                RawSocketClient two = RawSocketClient.connect(slack)) {
            one.next(WAIT);
            two.next(WAIT);
            slack.user("alice").mentionsBot("general", "who gets this?");

            JsonNode original = one.next(WAIT);
            JsonNode retry = two.next(WAIT);
            two.ack(retry);
            slack.awaitAllAcked(WAIT);

            assertThat(retry.path("payload").path("event_id").asText())
                    .isEqualTo(original.path("payload").path("event_id").asText());
            assertThat(retry.path("retry_attempt").asInt()).isEqualTo(1);
            List<Delivery> deliveries = slack.deliveries();
            assertThat(deliveries).extracting(Delivery::connectionId).doesNotHaveDuplicates();
            assertThat(deliveries.get(1).outcome()).isEqualTo(Delivery.Outcome.ACKED);
        }
    }

    @Test
    void events_are_spread_one_per_event_over_open_sockets() throws Exception {
        start(SlackSimulator.builder().subscriptions("app_mention"));
        try (RawSocketClient one = RawSocketClient.connect(slack);
                RawSocketClient two = RawSocketClient.connect(slack)) {
            one.next(WAIT);
            two.next(WAIT);
            for (int i = 0; i < 4; i++) {
                slack.user("alice").mentionsBot("general", "event " + i);
            }
            for (int i = 0; i < 2; i++) {
                one.ack(one.next(WAIT));
                two.ack(two.next(WAIT));
            }
            assertThat(one.maybeNext(QUIET)).isEmpty();
            assertThat(two.maybeNext(Duration.ZERO)).isEmpty();
            slack.awaitAllAcked(WAIT);
        }
    }

    @Test
    void events_wait_for_a_socket_when_none_is_open() throws Exception {
        start(SlackSimulator.builder().subscriptions("app_mention"));
        slack.user("alice").mentionsBot("general", "anyone?");
        assertThat(slack.unackedEnvelopes()).isEqualTo(1);

        try (RawSocketClient client = RawSocketClient.connect(slack)) {
            assertThat(client.next(WAIT).path("type").asText()).isEqualTo("hello");
            JsonNode envelope = client.next(WAIT);
            assertThat(envelope.path("payload").path("event").path("text").asText())
                    .endsWith("anyone?");
            client.ack(envelope);
            slack.awaitAllAcked(WAIT);
        }
    }

    @Test
    void refresh_requested_is_sent_then_no_new_events_go_to_that_socket_and_it_closes() throws Exception {
        start(SlackSimulator.builder().subscriptions("app_mention").refreshGrace(Duration.ofMillis(300)));
        try (RawSocketClient old = RawSocketClient.connect(slack)) {
            old.next(WAIT);
            slack.requestRefresh(slack.connections().get(0).id());
            JsonNode disconnect = old.next(WAIT);
            assertThat(disconnect.path("type").asText()).isEqualTo("disconnect");
            assertThat(disconnect.path("reason").asText()).isEqualTo("refresh_requested");

            try (RawSocketClient fresh = RawSocketClient.connect(slack)) {
                fresh.next(WAIT);
                slack.user("alice").mentionsBot("general", "after refresh");
                fresh.ack(fresh.next(WAIT));
                assertThat(old.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the old socket is closed after the grace period")
                        .isTrue();
                assertThat(old.maybeNext(Duration.ZERO)).isEmpty();
            }
        }
    }

    @Test
    void a_url_works_once_and_a_made_up_one_not_at_all() throws Exception {
        start(SlackSimulator.builder());
        URI url = URI.create(RawSocketClient.openUrl(slack));
        try (RawSocketClient first = RawSocketClient.connect(url)) {
            first.next(WAIT);
            RawSocketClient again = RawSocketClient.attempt(url);
            assertThat(again.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            assertThat(again.closeCode).isEqualTo(1008);
            RawSocketClient forged =
                    RawSocketClient.attempt(URI.create(url.toString().replaceAll("ticket=[^&]+", "ticket=forged")));
            assertThat(forged.closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            assertThat(slack.connections()).hasSize(1);
        }
    }

    @Test
    void a_button_click_arrives_as_block_actions_and_its_response_url_replaces_the_message() throws Exception {
        start(SlackSimulator.builder().subscriptions("app_mention"));
        ObjectMapper mapper = new ObjectMapper();
        try (RawSocketClient client = RawSocketClient.connect(slack);
                BoltHarness sdk = new BoltHarness(slack);
                HttpClient http = HttpClient.newHttpClient()) {
            client.next(WAIT);
            String ts = sdk.methods()
                    .chatPostMessage(r -> r.channel(slack.channelId("general"))
                            .text("Deploy?")
                            .blocksAsString("""
                                    [{"type":"actions","block_id":"deploy","elements":[
                                      {"type":"button","action_id":"approve","value":"yes",
                                       "text":{"type":"plain_text","text":"Approve"}}]}]"""))
                    .getTs();
            SlackMessage question = slack.message("general", ts).orElseThrow();

            slack.user("alice").clicks(question, "approve");
            JsonNode envelope = client.next(WAIT);
            client.ack(envelope);

            assertThat(envelope.path("type").asText()).isEqualTo("interactive");
            JsonNode payload = envelope.path("payload");
            assertThat(payload.path("type").asText()).isEqualTo("block_actions");
            assertThat(payload.path("user").path("id").asText())
                    .isEqualTo(slack.user("alice").id());
            assertThat(payload.path("container").path("message_ts").asText()).isEqualTo(ts);
            JsonNode action = payload.path("actions").get(0);
            assertThat(action.path("action_id").asText()).isEqualTo("approve");
            assertThat(action.path("block_id").asText()).isEqualTo("deploy");
            assertThat(action.path("value").asText()).isEqualTo("yes");

            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(payload.path("response_url").asText()))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(
                                    java.util.Map.of("replace_original", true, "text", "Approved by alice"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            SlackMessage replaced = slack.message("general", ts).orElseThrow();
            assertThat(replaced.text()).isEqualTo("Approved by alice");
            assertThat(replaced.previousTexts()).containsExactly("Deploy?");
        }
    }

    @Test
    void a_slash_command_arrives_as_slash_commands_and_the_ack_payload_answers_the_user() throws Exception {
        start(SlackSimulator.builder());
        try (RawSocketClient client = RawSocketClient.connectPastHello(slack)) {
            slack.user("bob").runsCommand("general", "/lucy", "status");
            JsonNode envelope = client.next(WAIT);
            client.ack(envelope, "{\"text\":\"All systems go\"}");

            assertThat(envelope.path("type").asText()).isEqualTo("slash_commands");
            assertThat(envelope.path("accepts_response_payload").asBoolean()).isTrue();
            JsonNode payload = envelope.path("payload");
            assertThat(payload.path("command").asText()).isEqualTo("/lucy");
            assertThat(payload.path("text").asText()).isEqualTo("status");
            assertThat(payload.path("user_id").asText())
                    .isEqualTo(slack.user("bob").id());
            assertThat(payload.path("channel_id").asText()).isEqualTo(slack.channelId("general"));

            SlackMessage answer = slack.awaitEphemeral("general", 1, WAIT);
            assertThat(answer.text()).isEqualTo("All systems go");
            assertThat(answer.visibleTo()).contains(slack.user("bob").id());
        }
    }
}

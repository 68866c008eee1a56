package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatStartStreamResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.Message;
import com.slack.api.model.assistant.SuggestedPrompt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The Web API through the real Slack MethodsClient and the JDK HTTP client. */
class WebApiTest extends WebApiFixture {
    private final ObjectMapper mapper = new ObjectMapper();

    @AutoClose
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    SlackSimulator.Builder workspace(SlackSimulator.Builder builder) {
        return builder.user("alice")
                .user("bob")
                .channel("general")
                .channel("quiet", ChannelType.PUBLIC_CHANNEL, false)
                .channel("secret", ChannelType.PRIVATE_CHANNEL, true, "alice")
                .subscriptions("app_mention");
    }

    private JsonNode post(String method, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slack.methodsUrl() + method))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return mapper.readTree(response.body());
    }

    private String general() {
        return slack.channelId("general");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void unknown_method_answers_unknown_method() throws Exception {
        JsonNode answer = post("chat.frobnicate", "application/x-www-form-urlencoded", "channel=x", slack.botToken());
        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("error").asText()).isEqualTo("unknown_method");
    }

    @Test
    void wrong_token_answers_invalid_auth_and_no_token_answers_not_authed() throws Exception {
        AuthTestResponse wrong = sdk.methods("xoxb-not-a-real-token").authTest(r -> r);
        assertThat(wrong.isOk()).isFalse();
        assertThat(wrong.getError()).isEqualTo("invalid_auth");

        JsonNode anonymous = post("auth.test", "application/x-www-form-urlencoded", "", null);
        assertThat(anonymous.path("error").asText()).isEqualTo("not_authed");
    }

    @Test
    void each_token_works_only_where_slack_accepts_it() throws Exception {
        ChatPostMessageResponse withAppToken = sdk.methods(slack.appToken())
                .chatPostMessage(r -> r.channel(general()).text("hi"));
        assertThat(withAppToken.getError()).isEqualTo("not_allowed_token_type");

        var withBotToken = methods.appsConnectionsOpen(r -> r.token(slack.botToken()));
        assertThat(withBotToken.getError()).isEqualTo("not_allowed_token_type");

        AuthTestResponse app = sdk.methods(slack.appToken()).authTest(r -> r);
        assertThat(app.isOk()).isTrue();
        assertThat(app.getUserId()).isNull();
        assertThat(app.getTeamId()).isEqualTo(slack.teamId());

        var opened = sdk.methods(slack.appToken()).appsConnectionsOpen(r -> r);
        assertThat(opened.isOk()).isTrue();
        assertThat(opened.getUrl()).startsWith("ws://127.0.0.1:").contains("ticket=");
    }

    @Test
    void auth_test_names_the_bot_and_its_team() throws Exception {
        AuthTestResponse auth = methods.authTest(r -> r);
        assertThat(auth.isOk()).isTrue();
        assertThat(auth.getUserId()).isEqualTo(slack.botUserId());
        assertThat(auth.getBotId()).isEqualTo(slack.botId());
        assertThat(auth.getTeamId()).isEqualTo(slack.teamId());
    }

    @Test
    void missing_or_wrong_arguments_get_the_errors_slack_uses() throws Exception {
        assertThat(methods.chatPostMessage(r -> r.text("no channel")).getError())
                .isEqualTo("channel_not_found");
        assertThat(methods.chatPostMessage(r -> r.channel("C404")).getError()).isEqualTo("channel_not_found");
        assertThat(methods.chatPostMessage(r -> r.channel(general())).getError())
                .isEqualTo("no_text");
        assertThat(methods.chatPostMessage(
                                r -> r.channel(slack.channelId("quiet")).text("hi"))
                        .getError())
                .isEqualTo("not_in_channel");
        assertThat(methods.chatUpdate(r -> r.channel(general()).text("x")).getError())
                .isEqualTo("message_not_found");
        assertThat(methods.conversationsReplies(r -> r.channel(general())).getError())
                .isEqualTo("invalid_arguments");
        assertThat(methods.conversationsReplies(r -> r.channel(general()).ts("1.000001"))
                        .getError())
                .isEqualTo("thread_not_found");
        assertThat(methods.usersInfo(r -> r.user("U404")).getError()).isEqualTo("user_not_found");
        assertThat(methods.reactionsAdd(r -> r.channel(general()).name("eyes")).getError())
                .isEqualTo("no_item_specified");
        String ts =
                methods.chatPostMessage(r -> r.channel(general()).text("hi")).getTs();
        assertThat(methods.chatStartStream(
                                r -> r.channel(general()).threadTs(ts).markdownText("x"))
                        .getError())
                .isEqualTo("missing_recipient_user_id");
        assertThat(methods.chatPostMessage(r -> r.channel(general()).blocksAsString("{not json"))
                        .getError())
                .isEqualTo("invalid_blocks_format");
    }

    private String section(int chars) {
        return "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"" + "x".repeat(chars) + "\"}}";
    }

    private String postBlocks(String... blocks) throws Exception {
        String json = "[" + String.join(",", blocks) + "]";
        return methods.chatPostMessage(
                        r -> r.channel(general()).text("fallback").blocksAsString(json))
                .getError();
    }

    @Test
    void blocks_beyond_slacks_size_rules_are_refused_and_long_text_is_cut() throws Exception {
        assertThat(postBlocks(section(3_000))).isNull();
        assertThat(postBlocks(section(3_001))).isEqualTo("invalid_blocks");
        assertThat(postBlocks("{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + "h".repeat(151)
                        + "\"}}"))
                .isEqualTo("invalid_blocks");
        String markdown = "{\"type\":\"markdown\",\"text\":\"" + "m".repeat(6_001) + "\"}";
        assertThat(postBlocks(markdown, markdown)).isEqualTo("invalid_blocks");
        assertThat(postBlocks(section(2_900), section(2_900), section(2_900), section(2_900), section(2_900)))
                .isEqualTo("msg_blocks_too_long");
        assertThat(postBlocks(java.util.Collections.nCopies(51, "{\"type\":\"divider\"}")
                        .toArray(String[]::new)))
                .isEqualTo("invalid_blocks");

        String ts = methods.chatPostMessage(r -> r.channel(general()).text("y".repeat(45_000)))
                .getTs();
        assertThat(slack.message("general", ts).orElseThrow().text()).hasSize(40_000);
    }

    @Test
    void calls_are_recorded_with_their_answers_and_without_the_token() throws Exception {
        methods.chatPostMessage(r -> r.channel(general()).text("hello"));
        methods.usersInfo(r -> r.user("U404"));

        // The SDK itself may call auth.test first, to learn the team for its metrics.
        List<ApiCall> calls = slack.calls().stream()
                .filter(c -> !c.method().equals("auth.test"))
                .toList();
        assertThat(calls).extracting(ApiCall::method).containsExactly("chat.postMessage", "users.info");
        assertThat(calls.get(0).ok()).isTrue();
        assertThat(calls.get(0).argument("text")).contains("hello");
        assertThat(calls.get(1).error()).contains("user_not_found");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.arguments()).doesNotContainKey("token");
            assertThat(c.arguments().values()).doesNotContain(slack.botToken());
        });
    }

    // ------------------------------------------------------------------ what users see

    @Test
    void json_bodies_work_like_form_bodies() throws Exception {
        String body = """
                {"channel": "%s", "text": "fallback",
                 "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]}
                """.formatted(general());
        JsonNode answer = post("chat.postMessage", "application/json; charset=utf-8", body, slack.botToken());

        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("channel").asText()).isEqualTo(general());
        SlackMessage shown =
                slack.message("general", answer.path("ts").asText()).orElseThrow();
        assertThat(shown.text()).isEqualTo("fallback");
        assertThat(shown.blocks()).hasValueSatisfying(b -> assertThat(b).contains("*hi*"));
    }

    @Test
    void a_thread_shows_replies_edits_reactions_and_deletions() throws Exception {
        SlackMessage question = slack.user("alice").says("general", "deploy please");
        String first = methods.chatPostMessage(
                        r -> r.channel(general()).threadTs(question.ts()).text("On it"))
                .getTs();
        methods.chatUpdate(r -> r.channel(general()).ts(first).text("Deployed"));
        methods.reactionsAdd(r -> r.channel(general()).timestamp(question.ts()).name("eyes"));
        methods.reactionsAdd(r -> r.channel(general()).timestamp(question.ts()).name("white_check_mark"));
        methods.reactionsRemove(
                r -> r.channel(general()).timestamp(question.ts()).name("eyes"));
        String oops = methods.chatPostMessage(
                        r -> r.channel(general()).threadTs(question.ts()).text("oops"))
                .getTs();
        methods.chatDelete(r -> r.channel(general()).ts(oops));

        assertThat(methods.reactionsAdd(r ->
                                r.channel(general()).timestamp(question.ts()).name("white_check_mark"))
                        .getError())
                .isEqualTo("already_reacted");
        assertThat(methods.reactionsRemove(r ->
                                r.channel(general()).timestamp(question.ts()).name("eyes"))
                        .getError())
                .isEqualTo("no_reaction");
        assertThat(methods.chatUpdate(
                                r -> r.channel(general()).ts(question.ts()).text("hijack"))
                        .getError())
                .isEqualTo("cant_update_message");

        List<SlackMessage> thread = slack.thread(question);
        assertThat(thread).extracting(SlackMessage::text).containsExactly("deploy please", "Deployed", "oops");
        assertThat(thread.get(0).reactions()).containsOnly(Map.entry("white_check_mark", List.of(slack.botUserId())));
        assertThat(thread.get(1).previousTexts()).containsExactly("On it");
        assertThat(thread.get(2).deleted()).isTrue();

        ConversationsRepliesResponse replies =
                methods.conversationsReplies(r -> r.channel(general()).ts(question.ts()));
        assertThat(replies.getMessages()).extracting(Message::getText).containsExactly("deploy please", "Deployed");
        assertThat(replies.getMessages().get(0).getReplyCount()).isEqualTo(1);
        assertThat(replies.getMessages().get(1).getThreadTs()).isEqualTo(question.ts());
        assertThat(replies.getMessages().get(1).getBotId()).isEqualTo(slack.botId());
    }

    @Test
    void history_lists_top_level_messages_newest_first_in_pages() throws Exception {
        for (int i = 1; i <= 5; i++) {
            slack.user("alice").says("general", "message " + i);
        }
        ConversationsHistoryResponse page1 =
                methods.conversationsHistory(r -> r.channel(general()).limit(3));
        assertThat(page1.getMessages())
                .extracting(Message::getText)
                .containsExactly("message 5", "message 4", "message 3");
        assertThat(page1.isHasMore()).isTrue();

        String cursor = page1.getResponseMetadata().getNextCursor();
        ConversationsHistoryResponse page2 =
                methods.conversationsHistory(r -> r.channel(general()).limit(3).cursor(cursor));
        assertThat(page2.getMessages()).extracting(Message::getText).containsExactly("message 2", "message 1");
        assertThat(page2.isHasMore()).isFalse();
    }

    @Test
    void a_streamed_answer_shows_every_chunk_and_ends_when_stopped() throws Exception {
        SlackMessage question = slack.user("alice").says("general", "explain");
        ChatStartStreamResponse started = methods.chatStartStream(r -> r.channel(general())
                .threadTs(question.ts())
                .recipientUserId(slack.user("alice").id())
                .recipientTeamId(slack.teamId())
                .markdownText("Hello"));
        assertThat(started.isOk()).isTrue();
        String ts = started.getTs();
        assertThat(slack.message("general", ts).orElseThrow().streaming()).isTrue();
        assertThat(methods.chatUpdate(r -> r.channel(general()).ts(ts).text("edit"))
                        .getError())
                .isEqualTo("streaming_state_conflict");

        methods.chatAppendStream(r -> r.channel(general()).ts(ts).markdownText(", **world**"));
        assertThatThrownBy(() -> slack.awaitBotReply(question, Duration.ZERO))
                .as("a reply still streaming is not yet whole (one look, no wait)")
                .isInstanceOf(AssertionError.class);
        methods.chatStopStream(r -> r.channel(general()).ts(ts).markdownText("!"));

        assertThat(slack.awaitBotReply(question, Duration.ofSeconds(5)).text()).isEqualTo("Hello, **world**!");
        SlackMessage streamed = slack.message("general", ts).orElseThrow();
        assertThat(streamed.text()).isEqualTo("Hello, **world**!");
        assertThat(streamed.streamedChunks()).containsExactly("Hello", ", **world**", "!");
        assertThat(streamed.streaming()).isFalse();
        assertThat(streamed.threadTs()).contains(question.ts());
        assertThat(methods.chatAppendStream(r -> r.channel(general()).ts(ts).markdownText("late"))
                        .getError())
                .isEqualTo("message_not_in_streaming_state");
    }

    @Test
    void assistant_thread_shows_status_prompts_and_title() throws Exception {
        AssistantThread thread = slack.user("alice").startsAssistantThread("general");

        methods.assistantThreadsSetStatus(r -> r.channelId(thread.channel())
                .threadTs(thread.threadTs())
                .status("is thinking...")
                .loadingMessages(List.of("Reading the thread", "Checking the docs")));
        methods.assistantThreadsSetSuggestedPrompts(r -> r.channelId(thread.channel())
                .threadTs(thread.threadTs())
                .title("Try these")
                .prompts(List.of(new SuggestedPrompt("Summarise", "Summarise this channel"))));
        methods.assistantThreadsSetTitle(
                r -> r.channelId(thread.channel()).threadTs(thread.threadTs()).title("Deploy help"));

        AssistantThread shown =
                slack.assistantThread(thread.channel(), thread.threadTs()).orElseThrow();
        assertThat(shown.status()).contains("is thinking...");
        assertThat(shown.loadingMessages()).containsExactly("Reading the thread", "Checking the docs");
        assertThat(shown.prompts())
                .containsExactly(new AssistantThread.SuggestedPrompt("Summarise", "Summarise this channel"));
        assertThat(shown.promptsTitle()).contains("Try these");
        assertThat(shown.title()).contains("Deploy help");

        methods.assistantThreadsSetStatus(
                r -> r.channelId(thread.channel()).threadTs(thread.threadTs()).status(""));
        AssistantThread cleared =
                slack.assistantThread(thread.channel(), thread.threadTs()).orElseThrow();
        assertThat(cleared.status()).isEmpty();
        assertThat(cleared.statusHistory()).containsExactly("is thinking...", "");
    }

    @Test
    void files_upload_v2_shares_the_file_in_the_thread() throws Exception {
        SlackMessage question = slack.user("alice").says("general", "send me the report");
        FilesUploadV2Response upload = methods.filesUploadV2(r -> r.channel(general())
                .threadTs(question.ts())
                .filename("report.csv")
                .title("Report")
                .content("a,b\n1,2\n")
                .initialComment("Here it is"));

        assertThat(upload.isOk()).isTrue();
        String fileId = upload.getFile().getId();
        assertThat(slack.fileContent(fileId))
                .hasValueSatisfying(bytes ->
                        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n"));
        SlackMessage shared = slack.thread(question).get(1);
        assertThat(shared.text()).isEqualTo("Here it is");
        assertThat(shared.fileIds()).containsExactly(fileId);
    }

    @Test
    void ephemeral_messages_are_visible_to_one_member_only() throws Exception {
        String alice = slack.user("alice").id();
        var answer =
                methods.chatPostEphemeral(r -> r.channel(general()).user(alice).text("only you"));
        assertThat(answer.isOk()).isTrue();
        assertThat(slack.ephemeralMessages("general")).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("only you");
            assertThat(m.visibleTo()).contains(alice);
        });
        assertThat(slack.messages("general")).isEmpty();

        String bob = slack.user("bob").id();
        assertThat(methods.chatPostEphemeral(r ->
                                r.channel(slack.channelId("secret")).user(bob).text("x"))
                        .getError())
                .isEqualTo("user_not_in_channel");
    }

    @Test
    void users_info_describes_people_and_the_bot() throws Exception {
        var alice = methods.usersInfo(r -> r.user(slack.user("alice").id()));
        assertThat(alice.getUser().getName()).isEqualTo("alice");
        assertThat(alice.getUser().isBot()).isFalse();
        assertThat(methods.usersInfo(r -> r.user(slack.botUserId())).getUser().isBot())
                .isTrue();
    }

    @Test
    void users_info_says_who_administers_the_workspace() throws Exception {
        try (SlackSimulator admins =
                SlackSimulator.builder().user("alice").admin("ann").start()) {
            JsonNode ann = usersInfo(admins, admins.user("ann").id());
            JsonNode alice = usersInfo(admins, admins.user("alice").id());

            assertThat(ann.path("user").path("is_admin").asBoolean()).isTrue();
            assertThat(ann.path("user").path("name").asText()).isEqualTo("ann");
            assertThat(alice.path("user").path("is_admin").asBoolean()).isFalse();
            assertThat(alice.path("user").path("is_owner").asBoolean()).isFalse();
        }
    }

    private JsonNode usersInfo(SlackSimulator simulator, String user) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(simulator.methodsUrl() + "users.info"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Bearer " + simulator.botToken())
                        .POST(HttpRequest.BodyPublishers.ofString("user=" + user))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return mapper.readTree(response.body());
    }

    @Test
    void configured_latency_delays_the_method_it_names() throws Exception {
        slack.latency("users.info", Duration.ofMillis(300));
        long start = System.nanoTime();
        methods.usersInfo(r -> r.user(slack.botUserId()));
        long delayed = System.nanoTime() - start;
        assertThat(Duration.ofNanos(delayed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        slack.latency("users.info", Duration.ZERO);
        start = System.nanoTime();
        methods.usersInfo(r -> r.user(slack.botUserId()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofNanos(delayed));

        slack.latency("*", Duration.ofMillis(300));
        start = System.nanoTime();
        methods.authTest(r -> r);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}

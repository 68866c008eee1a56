package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.lucy.core.Caller;
import dev.lucy.core.LucyException;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.slack.FormatOptions;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackPortTest {
    private final SlackFixture fx =
            new SlackFixture(b -> b.channel("general").channel("random").channel("ops"));

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private String conversationIn(String channel) {
        SlackMessage question = fx.slack.user("alice").says(channel, "a question for Lucy");
        return SlackConversation.of(question.channel(), question.ts(), null).id();
    }

    private List<SlackMessage> botReplies(String conversationId) {
        SlackConversation c = SlackConversation.parse(conversationId);
        return fx.slack.thread(c.channel(), c.threadTs()).stream()
                .filter(SlackMessage::fromBot)
                .filter(m -> !m.deleted())
                .toList();
    }

    @Test
    void posts_formatted_markdown_as_a_reply_in_the_thread() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");

        String ts = port.post(
                conversation,
                "## Summary\n\n**Done**: the fix is in https://github.com/acme/app/pull/42\n\n"
                        + "See [the runbook](https://example.com/runbook) for details.");

        SlackMessage reply = fx.slack.message(fx.slack.channelId("general"), ts).orElseThrow();
        assertThat(reply.threadTs())
                .contains(SlackConversation.parse(conversation).threadTs());
        assertThat(reply.isReply()).isTrue();
        assertThat(reply.text())
                .contains("*📝 Summary*")
                .contains("*Done*")
                .contains("<https://github.com/acme/app/pull/42|GitHub PR #42>")
                .contains("<https://example.com/runbook|the runbook>")
                .doesNotContain("**")
                .doesNotContain("##");
        assertThat(port.participation().takesPart(SlackConversation.parse(conversation)))
                .isTrue();
    }

    @Test
    void removes_filler_and_never_shows_secrets() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");

        port.post(
                conversation,
                "Great question! It's worth noting that the key is sk-abc123def456ghi789jkl012. Hope this helps!");

        String text = botReplies(conversation).getFirst().text();
        assertThat(text).startsWith("The key is").contains("[redacted]");
        assertThat(text).doesNotContain("Great question", "worth noting", "Hope this helps", "sk-abc123");
    }

    @Test
    void splits_a_long_answer_into_messages_in_order_and_returns_the_first() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        String answer = paragraphs("Paragraph", 30, "words that matter ".repeat(16));

        String first = port.post(conversation, answer);

        List<SlackMessage> replies = botReplies(conversation);
        assertThat(replies).hasSizeGreaterThan(1);
        assertThat(replies.getFirst().ts()).isEqualTo(first);
        assertThat(replies).allSatisfy(m -> assertThat(m.text().length()).isLessThanOrEqualTo(4_000));
        String all = replies.stream().map(SlackMessage::text).collect(Collectors.joining("\n"));
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            order.add(all.indexOf("Paragraph %02d".formatted(i)));
        }
        assertThat(order).doesNotContain(-1).isSorted();
    }

    @Test
    void an_update_too_long_for_one_message_edits_it_and_posts_the_rest_after_it() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        String progress = port.post(conversation, "On it…");
        String answer = paragraphs("Step", 30, "careful work ".repeat(20));

        port.update(conversation, progress, answer);

        List<SlackMessage> replies = botReplies(conversation);
        assertThat(replies).hasSizeGreaterThan(1);
        assertThat(replies.getFirst().ts()).isEqualTo(progress);
        assertThat(replies.getFirst().edited()).isTrue();
        assertThat(replies.getFirst().text()).startsWith("Step 01");
        assertThat(replies.getLast().text()).contains("Step 30");

        port.update(conversation, progress, "Done: *short* now.");

        assertThat(botReplies(conversation))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("Done: _short_ now."));
    }

    @Test
    void an_answer_carries_a_mark_that_a_later_attempt_finds_in_its_thread_only() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        String other = conversationIn("general");

        port.post(conversation, "Looking into it…");
        assertThat(port.answered(conversation, "Ev1")).isFalse();

        port.postAnswer(conversation, "Ev1", "The deploy failed on a *missing* secret.");

        assertThat(port.answered(conversation, "Ev1")).isTrue();
        assertThat(port.answered(conversation, "Ev2")).isFalse();
        assertThat(port.answered(other, "Ev1")).isFalse();
        assertThat(botReplies(conversation))
                .extracting(SlackMessage::text)
                .containsExactly("Looking into it…", "The deploy failed on a _missing_ secret.");
    }

    @Test
    void a_long_answer_replacing_progress_is_marked_and_whole() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        String progress = port.post(conversation, "On it…");

        port.updateAnswer(conversation, progress, "Ev7", paragraphs("Step", 30, "careful work ".repeat(20)));

        assertThat(port.answered(conversation, "Ev7")).isTrue();
        assertThat(botReplies(conversation)).hasSizeGreaterThan(1);
        assertThat(botReplies(conversation).getLast().text()).contains("Step 30");
    }

    @Test
    void a_streamed_answer_is_marked_when_it_finishes_in_a_dm_and_in_a_channel() {
        SlackPort port = fx.port().build();
        SlackMessage hello = fx.slack.user("alice").dmsBot("tell me about the release");
        String dm = SlackConversation.of(hello.channel(), hello.ts(), null).id();
        String channel = conversationIn("general");

        ConversationPort.Stream streamed = port.startStream(dm, "The release ");
        streamed.append("ships on **Friday**.");
        ConversationPort.Stream edited = port.startStream(channel, "The release ");
        edited.append("ships on **Friday**.");
        assertThat(port.answered(dm, "Ev1")).isFalse();
        streamed.finishAnswer("Ev1");
        edited.finishAnswer("Ev2");

        assertThat(port.answered(dm, "Ev1")).isTrue();
        assertThat(port.answered(channel, "Ev2")).isTrue();
        assertThat(fx.slack.calls("chat.stopStream")).hasSize(1);
        assertThat(botReplies(channel))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("The release ships on *Friday*."));
    }

    @Test
    void delete_removes_every_part_of_an_answer() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        String answer = paragraphs("Part", 20, "more detail ".repeat(30));
        String first = port.post(conversation, answer);
        assertThat(botReplies(conversation)).hasSizeGreaterThan(1);

        port.delete(conversation, first);

        assertThat(botReplies(conversation)).isEmpty();
    }

    @Test
    void a_429_on_post_message_is_retried_after_retry_after_with_nothing_lost_or_reordered() {
        // Slack allows one message per 5 s in this channel; the port itself would post faster.
        fx.slack.rateLimits(
                RateLimits.off().with("chat.postMessage", new RateLimits.Limit(1, Duration.ofSeconds(5), true)));
        SlackPort port = fx.port().postBurst(10).build();
        String conversation = conversationIn("general");

        for (int i = 1; i <= 4; i++) {
            port.post(conversation, "Message " + i);
        }

        assertThat(botReplies(conversation))
                .extracting(SlackMessage::text)
                .containsExactly("Message 1", "Message 2", "Message 3", "Message 4");
        List<ApiCall> posts = fx.slack.calls("chat.postMessage");
        assertThat(posts).anyMatch(call -> call.httpStatus() == 429);
        assertThat(posts.stream().filter(ApiCall::ok)).hasSize(4);
        assertThat(fx.clock.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void gives_up_with_a_clear_error_when_slack_asks_to_wait_too_long() {
        fx.slack.rateLimits(
                RateLimits.off().with("chat.postMessage", new RateLimits.Limit(1, Duration.ofHours(1), true)));
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");
        port.post(conversation, "first");

        assertThatThrownBy(() -> port.post(conversation, "second"))
                .isInstanceOf(LucyException.class)
                .hasMessageContaining("chat.postMessage")
                .hasMessageContaining("rate limited")
                .hasMessageNotContaining(fx.slack.botToken());
    }

    @Test
    void slack_refusing_a_call_throws_a_lucy_exception_without_the_token() {
        SlackPort port = fx.port().build();

        assertThatThrownBy(() -> port.post("C0NOSUCH:1700000000.000100", "hello"))
                .isInstanceOf(LucyException.class)
                .hasMessage("Slack chat.postMessage failed: channel_not_found")
                .hasMessageNotContaining(fx.slack.botToken());
    }

    @Test
    void an_unreachable_slack_is_retried_a_bounded_number_of_times_then_reported() throws Exception {
        int freePort;
        try (var socket = new java.net.ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix("http://127.0.0.1:" + freePort + "/api/");
        try (Slack nowhere = Slack.getInstance(config)) {
            String url = "http://127.0.0.1:" + freePort + "/api/";
            SlackPort port = SlackPort.builder(
                            nowhere.methods("xoxb-not-a-real-token"),
                            SlackWebApi.create(url, "xoxb-not-a-real-token", SlackCallObserver.ignoring()))
                    .clock(fx.clock)
                    .sleeper(fx.clock)
                    .maxAttempts(3)
                    .build();

            assertThatThrownBy(() -> port.react("C123:1700000000.000100", "1700000000.000100", "eyes"))
                    .isInstanceOf(LucyException.class)
                    .hasMessageContaining("reactions.add failed after 3 attempts")
                    .hasMessageContaining("could not be reached")
                    .hasMessageNotContaining("xoxb-");
            assertThat(fx.clock.slept()).isPositive();
        }
    }

    @Test
    void paces_each_channel_and_keeps_every_posters_order_under_concurrency() throws Exception {
        fx.slack.rateLimits(RateLimits.slackTiers());
        SlackPort port = fx.port().build();
        List<String> conversations = new ArrayList<>();
        for (String channel : List.of("general", "random", "ops")) {
            conversations.add(conversationIn(channel));
            conversations.add(conversationIn(channel));
        }
        String longAnswer = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> "Chunk %02d %s".formatted(i, "of a long answer ".repeat(30)))
                .collect(Collectors.joining("\n\n"));

        List<Future<?>> posters = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String conversation : conversations) {
                for (int poster = 0; poster < 4; poster++) {
                    int p = poster;
                    posters.add(threads.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            port.post(conversation, "poster " + p + " message " + i);
                        }
                    }));
                }
                posters.add(threads.submit(() -> port.post(conversation, longAnswer)));
            }
            for (Future<?> poster : posters) {
                poster.get();
            }
        }

        for (String conversation : conversations) {
            List<String> texts =
                    botReplies(conversation).stream().map(SlackMessage::text).toList();
            for (int p = 0; p < 4; p++) {
                String prefix = "poster " + p + " ";
                assertThat(texts.stream().filter(t -> t.startsWith(prefix)))
                        .containsExactly(IntStream.range(0, 5)
                                .mapToObj(i -> prefix + "message " + i)
                                .toArray(String[]::new));
            }
            List<Integer> chunks = IntStream.range(0, texts.size())
                    .filter(i -> texts.get(i).contains("of a long answer"))
                    .boxed()
                    .toList();
            assertThat(chunks).hasSizeGreaterThan(1);
            assertThat(chunks.getLast() - chunks.getFirst())
                    .as("the parts of one answer are never interleaved with other messages")
                    .isEqualTo(chunks.size() - 1);
            assertThat(texts).hasSize(20 + chunks.size());
        }
        assertThat(fx.slack.calls("chat.postMessage")).allMatch(call -> call.ok() || call.httpStatus() == 429);
    }

    @Test
    void reacts_and_unreacts_and_treats_repeats_as_done() {
        SlackPort port = fx.port().build();
        SlackMessage thanks = fx.slack.user("alice").says("general", "thanks!");
        String conversation =
                SlackConversation.of(thanks.channel(), thanks.ts(), null).id();

        port.react(conversation, thanks.ts(), "saluting_face");
        port.react(conversation, thanks.ts(), ":saluting_face:");

        assertThat(fx.slack.message(thanks.channel(), thanks.ts()).orElseThrow().reactions())
                .containsEntry("saluting_face", List.of(fx.slack.botUserId()));

        port.unreact(conversation, thanks.ts(), "saluting_face");
        port.unreact(conversation, thanks.ts(), "saluting_face");

        assertThat(fx.slack.message(thanks.channel(), thanks.ts()).orElseThrow().reactions())
                .doesNotContainKey("saluting_face");
        assertThat(fx.slack.calls("reactions.add").getLast().error()).contains("already_reacted");
        assertThat(fx.slack.calls("reactions.remove").getLast().error()).contains("no_reaction");
    }

    @Test
    void shows_and_clears_status_in_assistant_threads_and_does_nothing_in_channels() {
        SlackPort port = fx.port()
                .loadingMessages(status -> List.of("Reading the thread…", "Checking the calendar…"))
                .build();
        var thread = fx.slack.user("alice").startsAssistantThread();
        String dm = new SlackConversation(thread.channel(), thread.threadTs()).id();

        port.setStatus(dm, "is looking through the calendar…");

        var shown =
                fx.slack.assistantThread(thread.channel(), thread.threadTs()).orElseThrow();
        assertThat(shown.status()).contains("is looking through the calendar…");
        assertThat(shown.loadingMessages())
                .containsExactly("is looking through the calendar…", "Reading the thread…", "Checking the calendar…");

        port.setStatus(dm, "");

        assertThat(fx.slack
                        .assistantThread(thread.channel(), thread.threadTs())
                        .orElseThrow()
                        .status())
                .isEmpty();

        port.setStatus(conversationIn("general"), "is working…");
        assertThat(fx.slack.calls("assistant.threads.setStatus")).hasSize(2);
    }

    @Test
    void streams_in_direct_messages_with_batched_appends() {
        SlackPort port = fx.port().build();
        SlackMessage hello = fx.slack.user("alice").dmsBot("tell me about the release");
        String dm = SlackConversation.of(hello.channel(), hello.ts(), null).id();

        ConversationPort.Stream stream = port.startStream(dm, "");
        for (int i = 1; i <= 40; i++) {
            stream.append("Line " + i + " of **the release notes**.\n\n");
            if (i % 10 == 0) {
                fx.clock.advance(Duration.ofMillis(600));
            }
        }
        String ts = stream.finish();

        SlackMessage answer = fx.slack.message(hello.channel(), ts).orElseThrow();
        assertThat(answer.streaming()).isFalse();
        assertThat(answer.threadTs()).contains(hello.ts());
        assertThat(answer.text()).contains("Line 1 of **the release notes**.").contains("Line 40 of");
        assertThat(answer.text().indexOf("Line 39 of")).isLessThan(answer.text().indexOf("Line 40 of"));
        assertThat(fx.slack.calls("chat.startStream")).hasSize(1);
        assertThat(fx.slack.calls("chat.stopStream")).hasSize(1);
        assertThat(fx.slack.calls("chat.appendStream"))
                .as("appends are batched, not one call per piece")
                .hasSizeBetween(1, 8);
        assertThat(fx.slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void streams_in_channels_by_posting_and_editing_in_place() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");

        ConversationPort.Stream stream = port.startStream(conversation, "Working");
        stream.append(" on **it**");
        fx.clock.advance(Duration.ofSeconds(2));
        stream.append(", see https://github.com/acme/app/pull/7");
        String ts = stream.finish();

        SlackMessage answer =
                fx.slack.message(fx.slack.channelId("general"), ts).orElseThrow();
        assertThat(answer.text()).isEqualTo("Working on *it*, see <https://github.com/acme/app/pull/7|GitHub PR #7>");
        assertThat(answer.edited()).isTrue();
        assertThat(fx.slack.calls("chat.startStream")).isEmpty();
        assertThat(botReplies(conversation)).hasSize(1);
    }

    @Test
    void falls_back_to_posting_when_slack_refuses_to_stream() {
        fx.slack.rateLimits(RateLimits.off().with("chat.startStream", 1, Duration.ofHours(1)));
        SlackPort port = fx.port().build();
        SlackMessage hello = fx.slack.user("alice").dmsBot("two questions");
        String dm = SlackConversation.of(hello.channel(), hello.ts(), null).id();
        port.startStream(dm, "").finish();

        ConversationPort.Stream second = port.startStream(dm, "");
        second.append("The second **answer** arrives anyway.");
        String ts = second.finish();

        assertThat(fx.slack.message(hello.channel(), ts).orElseThrow().text())
                .isEqualTo("The second *answer* arrives anyway.");
        assertThat(fx.slack.calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void streams_in_a_channel_to_the_person_it_answers() {
        SlackPort port = fx.port().build();
        SlackMessage question = fx.slack.user("alice").says("general", "when is the release?");
        Caller alice = new Caller(
                fx.slack.teamId(),
                question.user().orElseThrow(),
                SlackConversation.of(question.channel(), question.ts(), null).id());

        ConversationPort.Stream stream = port.startStream(alice, "The release ");
        stream.append("is on **Friday**.");
        String ts = stream.finishAnswer("Ev1");

        assertThat(fx.slack.calls("chat.startStream")).singleElement().satisfies(start -> {
            assertThat(start.argument("recipient_user_id"))
                    .contains(question.user().orElseThrow());
            assertThat(start.argument("recipient_team_id")).contains(fx.slack.teamId());
        });
        assertThat(fx.slack.message(question.channel(), ts).orElseThrow().text())
                .as("standard Markdown, no blank lines after it")
                .isEqualTo("The release is on **Friday**.");
        assertThat(fx.slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void with_neither_a_stream_start_nor_an_edit_to_spare_a_channel_answer_is_posted_once_written() {
        SlackPort port = fx.port()
                .methodLimits(Map.of("chat.startStream", 1, "chat.update", 1))
                .build();
        SlackMessage question = fx.slack.user("alice").says("general", "when is the release?");
        String conversation =
                SlackConversation.of(question.channel(), question.ts(), null).id();
        Caller alice = new Caller(fx.slack.teamId(), question.user().orElseThrow(), conversation);

        ConversationPort.Stream stream = port.startStream(alice, "The release ");
        stream.append("is on **Friday**.");
        fx.clock.advance(Duration.ofSeconds(2));
        stream.append(" The tests pass.");
        assertThat(botReplies(conversation))
                .as("nothing shown until it is written")
                .isEmpty();
        String ts = stream.finishAnswer("Ev1");

        assertThat(fx.slack.message(question.channel(), ts).orElseThrow().text())
                .isEqualTo("The release is on *Friday*. The tests pass.");
        assertThat(fx.slack.calls("chat.startStream")).isEmpty();
        assertThat(fx.slack.calls("chat.update"))
                .as("no edit waits for a permit")
                .isEmpty();
        assertThat(fx.slack.calls("chat.postMessage")).hasSize(1);
        assertThat(port.answered(conversation, "Ev1")).isTrue();
    }

    @Test
    void an_answer_edited_in_place_for_lack_of_a_stream_finishes_on_the_edit_counted_when_it_was_posted() {
        SlackPort port = fx.port()
                .methodLimits(Map.of("chat.startStream", 1, "chat.update", 2))
                .build();
        SlackMessage question = fx.slack.user("alice").says("general", "when is the release?");
        String conversation =
                SlackConversation.of(question.channel(), question.ts(), null).id();
        Caller alice = new Caller(fx.slack.teamId(), question.user().orElseThrow(), conversation);
        ConversationPort.Stream stream = port.startStream(alice, "The release is on Friday.");
        String elsewhere = conversationIn("random");
        String other = port.post(elsewhere, "On it…");
        port.updateAnswer(elsewhere, other, "Ev2", "Done.");
        port.updateAnswer(elsewhere, other, "Ev2", "Done, twice.");
        Instant before = fx.clock.instant();

        String ts = stream.finishAnswer("Ev1");

        assertThat(fx.clock.instant())
                .as("no wait for the edits other answers spent since: this one was counted when posted")
                .isEqualTo(before);
        assertThat(fx.slack.message(question.channel(), ts).orElseThrow().text())
                .isEqualTo("The release is on Friday.");
        assertThat(fx.slack.calls("chat.startStream")).isEmpty();
        assertThat(port.answered(conversation, "Ev1")).isTrue();
    }

    @Test
    void a_stream_that_fails_midway_finishes_as_an_edited_message_with_the_whole_answer() {
        fx.slack.rateLimits(RateLimits.off().with("chat.appendStream", 1, Duration.ofHours(1)));
        SlackPort port = fx.port().build();
        SlackMessage hello = fx.slack.user("alice").dmsBot("what changed?");
        String dm = SlackConversation.of(hello.channel(), hello.ts(), null).id();

        ConversationPort.Stream stream = port.startStream(dm, "");
        stream.append("First, the **parser** was rewritten.\n\n");
        stream.append("Second, the cache is bounded.\n\n");
        fx.clock.advance(Duration.ofSeconds(1));
        stream.append("Third, see https://github.com/acme/app/pull/9\n\n");
        fx.clock.advance(Duration.ofSeconds(1));
        stream.append("Done.");
        String ts = stream.finish();

        SlackMessage answer = fx.slack.message(hello.channel(), ts).orElseThrow();
        assertThat(answer.streaming()).isFalse();
        assertThat(answer.text())
                .isEqualTo("First, the *parser* was rewritten.\n\nSecond, the cache is bounded.\n\n"
                        + "Third, see <https://github.com/acme/app/pull/9|GitHub PR #9>\n\nDone.");
        assertThat(fx.slack.calls("chat.appendStream")).anyMatch(call -> call.httpStatus() == 429);
        assertThat(fx.slack.thread(hello).stream().filter(SlackMessage::fromBot))
                .hasSize(1);
    }

    @Test
    void refuses_blank_text_and_bad_conversation_ids_clearly() {
        SlackPort port = fx.port().build();
        String conversation = conversationIn("general");

        assertThatThrownBy(() -> port.post(conversation, "  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> port.post("not-a-conversation", "hi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Slack conversation id");
        assertThat(fx.slack.calls("chat.postMessage")).isEmpty();
    }

    @Test
    void formats_with_the_options_given() {
        SlackPort port = fx.port()
                .formatOptions(FormatOptions.builder().headingEmoji(false).build())
                .build();
        String conversation = conversationIn("general");

        port.post(conversation, "## Results\n\nAll green.");

        assertThat(botReplies(conversation).getFirst().text()).startsWith("*Results*");
    }

    /** {@code parts} numbered paragraphs ("Step 01: ..."), too long together for one Slack message. */
    private static String paragraphs(String label, int parts, String words) {
        return IntStream.rangeClosed(1, parts)
                .mapToObj(i -> "%s %02d: %s".formatted(label, i, words))
                .collect(Collectors.joining("\n\n"));
    }
}

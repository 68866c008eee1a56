package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.AssistantThread;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackUser;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack's assistant surfaces as a person meets them, with an app on the legacy assistant view: the status line shows
 * from the moment Lucy starts (before the model is asked) until the answer is shown, answers stream with
 * {@code chat.startStream / appendStream / stopStream} in assistant threads, direct messages and channel threads
 * (there addressed to the person who asked), a stream Slack refuses or rate limits becomes a message posted once and
 * edited in place with the whole answer, and a new assistant thread gets suggested prompts and a title from its first
 * question.
 */
class AssistantSurfacesE2ETest {
    /** The Web API methods of the status line and of a streamed answer, in the order they are called. */
    private static final Set<String> SURFACE_METHODS = Set.of(
            "assistant.threads.setStatus",
            "chat.startStream",
            "chat.appendStream",
            "chat.stopStream",
            "chat.postMessage",
            "chat.update");

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    /** What Slack had been asked for when each model request arrived, status calls only. */
    private final List<List<ApiCall>> statusWhenAsked = new CopyOnWriteArrayList<>();

    private void answerWith(String answer) {
        lucy.model().script(request -> {
            statusWhenAsked.add(lucy.slack().calls("assistant.threads.setStatus"));
            return Reply.text(answer);
        });
    }

    @Test
    void an_assistant_thread_shows_status_before_the_model_is_asked_then_streams_the_answer_and_clears_the_status() {
        String answer = "The launch is planned for May 2. " + "Marketing prepares the announcement first. ".repeat(60);
        answerWith(answer);
        SlackUser alice = lucy.user("alice");
        AssistantThread thread = alice.startsAssistantThread(CHANNEL);

        SlackMessage question = alice.saysIn(thread, "what is the plan for the launch?");
        SlackMessage answered = lucy.awaitAnswer(question, text -> !text.isBlank());
        lucy.slack()
                .awaitTrue(
                        "the stream to end",
                        WAIT,
                        () -> lucy.slack()
                                .message(answered.channel(), answered.ts())
                                .map(m -> !m.streaming())
                                .orElse(false));
        lucy.awaitSettled();
        lucy.slack()
                .awaitTrue(
                        "the status to be cleared",
                        WAIT,
                        () -> lucy.slack()
                                .assistantThread(thread.channel(), thread.threadTs())
                                .map(t -> t.status().isEmpty()
                                        && !t.statusHistory().isEmpty())
                                .orElse(false));

        assertThat(statusWhenAsked)
                .as("the status line was set before the model was asked")
                .isNotEmpty()
                .first()
                .satisfies(calls -> assertThat(calls)
                        .as("status calls when the model was first asked")
                        .isNotEmpty()
                        .allSatisfy(call -> {
                            assertThat(call.argument("thread_ts")).contains(thread.threadTs());
                            assertThat(call.argument("status"))
                                    .hasValueSatisfying(s -> assertThat(s).isNotBlank());
                        }));
        List<ApiCall> surface = surfaceCalls(thread.channel());
        assertThat(surface)
                .extracting(ApiCall::method)
                .as("status, then the stream, then the status cleared; nothing posted or edited")
                .startsWith("assistant.threads.setStatus", "chat.startStream", "chat.appendStream")
                .endsWith("chat.stopStream", "assistant.threads.setStatus")
                .doesNotContain("chat.postMessage", "chat.update");
        ApiCall first = surface.get(0);
        assertThat(first.argument("loading_messages"))
                .as("rotating loading messages, at most 10")
                .hasValueSatisfying(
                        loading -> assertThat(loading.split("\",\"").length).isBetween(2, 10));
        assertThat(surface.getLast().argument("status")).contains("");
        assertThat(lucy.slack().calls("chat.startStream"))
                .allSatisfy(call -> assertThat(call.argument("recipient_user_id"))
                        .as("a direct message needs no recipient")
                        .isEmpty());
        SlackMessage shown =
                lucy.slack().message(answered.channel(), answered.ts()).orElseThrow();
        assertThat(shown.text().strip()).isEqualTo(answer.strip());
        assertThat(LucyE2E.botMessages(lucy.slack(), question)).hasSize(1);
    }

    @Test
    void a_new_assistant_thread_gets_suggested_prompts_and_a_clean_title_from_its_first_question() {
        answerWith("Here is the summary.");
        SlackUser alice = lucy.user("alice");
        AssistantThread thread = alice.startsAssistantThread(CHANNEL);
        AssistantThread opened = lucy.slack()
                .await(
                        "the suggested prompts",
                        WAIT,
                        () -> lucy.slack()
                                .assistantThread(thread.channel(), thread.threadTs())
                                .filter(t -> !t.prompts().isEmpty()));
        assertThat(opened.prompts()).hasSizeBetween(1, 4);

        SlackMessage question = alice.saysIn(
                thread,
                "<@" + lucy.slack().botUserId() + "> summarise   <#"
                        + lucy.slack().channelId(CHANNEL)
                        + "|general> for me, my password is hunter2-secret-99 and the meeting notes are long");
        lucy.awaitAnswer(question, text -> text.contains("summary"));
        AssistantThread titled = lucy.slack()
                .await(
                        "the thread's title",
                        WAIT,
                        () -> lucy.slack()
                                .assistantThread(thread.channel(), thread.threadTs())
                                .filter(t -> t.title().isPresent()));

        assertThat(titled.title().orElseThrow())
                .startsWith("summarise #general for me")
                .hasSizeLessThanOrEqualTo(60)
                .doesNotContain("<@", "hunter2", "  ");

        alice.saysIn(thread, "and what about the budget?");
        lucy.awaitSettled();
        assertThat(lucy.slack().calls("assistant.threads.setTitle"))
                .as("only the first question names the thread")
                .hasSize(1);
    }

    @Test
    void a_channel_answer_streams_to_the_person_who_asked_and_shows_no_status() {
        String answer = "The incident was resolved at noon. " + "Details follow in the report. ".repeat(50);
        answerWith(answer);
        SlackUser alice = lucy.user("alice");

        SlackMessage question = alice.mentionsBot(CHANNEL, "what happened with the incident?");
        SlackMessage answered = lucy.awaitAnswer(question, text -> text.contains("resolved"));
        lucy.awaitSettled();

        List<ApiCall> streams = lucy.slack().calls("chat.startStream");
        assertThat(streams).hasSize(1);
        ApiCall start = streams.get(0);
        assertThat(start.ok()).isTrue();
        assertThat(start.argument("thread_ts")).contains(question.ts());
        assertThat(start.argument("recipient_user_id")).contains(alice.id());
        assertThat(start.argument("recipient_team_id")).contains(lucy.slack().teamId());
        assertThat(surfaceCalls(question.channel()))
                .extracting(ApiCall::method)
                .startsWith("chat.startStream", "chat.appendStream")
                .endsWith("chat.stopStream")
                .doesNotContain("assistant.threads.setStatus", "chat.postMessage", "chat.update");
        assertThat(lucy.slack().calls("assistant.threads.setStatus"))
                .as("channels show work with the working emoji")
                .isEmpty();
        assertThat(lucy.slack().calls("reactions.add")).isNotEmpty();
        SlackMessage shown =
                lucy.slack().message(answered.channel(), answered.ts()).orElseThrow();
        assertThat(shown.text().strip()).isEqualTo(answer.strip());
        assertThat(lucy.botMessages(question)).hasSize(1);
    }

    @Test
    void a_stream_slack_refuses_becomes_a_message_edited_in_place_with_the_whole_answer() {
        String answer = "Our release checklist has five steps. " + "Each step is signed off by the owner. ".repeat(40);
        answerWith(answer);
        lucy.slack().failNext("chat.startStream", "not_allowed", 1);
        SlackUser alice = lucy.user("alice");

        SlackMessage question = alice.mentionsBot(CHANNEL, "what is on the release checklist?");
        lucy.awaitSettled();

        assertThat(lucy.slack().calls("chat.startStream"))
                .singleElement()
                .satisfies(call -> assertThat(call.error()).contains("not_allowed"));
        List<SlackMessage> shown = lucy.botMessages(question);
        assertThat(shown).as("one message, posted and edited in place").hasSize(1);
        assertThat(shown.get(0).text()).startsWith("Our release checklist has five steps.");
        assertThat(shown.get(0).text()).contains("signed off by the owner");
        assertThat(lucy.slack().calls("chat.postMessage"))
                .filteredOn(ApiCall::ok)
                .hasSize(1);
        assertThat(lucy.slack().calls("chat.update"))
                .filteredOn(call ->
                        call.argument("ts").orElse("").equals(shown.get(0).ts()))
                .isNotEmpty();
    }

    @Test
    void a_stream_slack_rate_limits_is_posted_once_and_edited_in_place() {
        lucy.slack().rateLimits(RateLimits.off().with("chat.startStream", 1, Duration.ofMinutes(1)));
        SlackUser alice = lucy.user("alice");
        SlackMessage first = alice.mentionsBot(CHANNEL, "what is on the roadmap?");
        lucy.awaitAnswer(first, text -> text.equals(E2EModel.answerTo("what is on the roadmap?")));
        lucy.awaitSettled();

        SlackMessage second = alice.mentionsBot(CHANNEL, "who owns the billing service?");
        SlackMessage answered =
                lucy.awaitAnswer(second, text -> text.equals(E2EModel.answerTo("who owns the billing service?")));
        lucy.awaitSettled();

        assertThat(lucy.slack().calls("chat.startStream"))
                .extracting(ApiCall::httpStatus)
                .as("the first answer streamed; Slack answered the second start with 429")
                .containsExactly(200, 429);
        assertThat(lucy.botMessages(second))
                .as("one answer")
                .extracting(SlackMessage::ts)
                .containsExactly(answered.ts());
        assertThat(postsIn(second)).as("posted once").hasSize(1);
        assertThat(lucy.slack().calls("chat.update"))
                .as("then edited in place as it was written")
                .anyMatch(call -> call.argument("ts").orElse("").equals(answered.ts()));
    }

    @Test
    void a_streamed_channel_answer_is_markdown_that_slack_renders_without_the_filler() {
        answerWith("Great question! The **deploy** passed. Details are in "
                + "[the runbook](https://wiki.example.com/runbook). Hope this helps!");
        SlackUser bob = lucy.user("bob");

        SlackMessage question = bob.mentionsBot(CHANNEL, "how did the deploy go?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("deploy"));

        assertThat(answer.streamedChunks()).as("streamed").isNotEmpty();
        assertThat(answer.text())
                .as("standard Markdown: Slack shows the bold word and the named link itself")
                .contains("The **deploy** passed.")
                .contains("[the runbook](https://wiki.example.com/runbook)")
                .doesNotContain("Great question", "Hope this helps", "<https://");
    }

    @Test
    void progress_shown_while_tools_work_gives_way_to_the_streamed_answer() {
        lucy.model()
                .script(request -> request.toolResults().isEmpty()
                        ? Reply.toolCall("get_projects", "{}")
                        : Reply.text("There are no projects yet."));
        SlackUser alice = lucy.user("alice");

        SlackMessage question = alice.mentionsBot(CHANNEL, "which projects do we have?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.equals("There are no projects yet."));
        lucy.awaitSettled();

        List<ApiCall> posts = postsIn(question);
        assertThat(posts)
                .as("only the progress note is posted; the answer streams")
                .hasSize(1);
        String progress = posts.get(0).response().replaceAll(".*\"ts\":\"([0-9.]+)\".*", "$1");
        assertThat(lucy.slack().message(question.channel(), progress))
                .hasValueSatisfying(note -> assertThat(note.deleted())
                        .as("the progress note is removed once the answer shows")
                        .isTrue());
        assertThat(lucy.botMessages(question)).extracting(SlackMessage::ts).containsExactly(answer.ts());
        assertThat(answer.streamedChunks()).isNotEmpty();
    }

    @Test
    void a_stream_that_breaks_mid_way_is_finished_by_editing_the_same_message_with_the_whole_answer() {
        String answer = "The quarterly numbers are in. " + "Revenue grew in every region this quarter. ".repeat(60);
        answerWith(answer);
        lucy.slack().failNext("chat.appendStream", "invalid_arguments", 1);
        SlackUser alice = lucy.user("alice");

        SlackMessage question = alice.dmsBot("how did the quarter go?");
        lucy.awaitSettled();

        assertThat(lucy.slack().calls("chat.appendStream"))
                .first()
                .satisfies(call -> assertThat(call.error()).contains("invalid_arguments"));
        List<SlackMessage> shown = lucy.botMessages(question);
        assertThat(shown).as("the streamed message, finished by editing").hasSize(1);
        assertThat(shown.get(0).ts())
                .isEqualTo(lucy.slack()
                        .calls("chat.startStream")
                        .get(0)
                        .response()
                        .replaceAll(".*\"ts\":\"([0-9.]+)\".*", "$1"));
        assertThat(shown.get(0).text()).startsWith("The quarterly numbers are in.");
        assertThat(shown.get(0).text().strip()).endsWith("Revenue grew in every region this quarter.");
        assertThat(lucy.slack().calls("chat.update"))
                .filteredOn(call ->
                        call.argument("ts").orElse("").equals(shown.get(0).ts()))
                .isNotEmpty();
    }

    @Test
    void a_long_answer_streams_in_appends_of_at_most_12000_characters_then_becomes_a_file() {
        String answer = "Here is the full log review.\n\n"
                + "The service restarted cleanly and every check passed again. ".repeat(500);
        answerWith(answer);
        SlackUser alice = lucy.user("alice");

        SlackMessage question = alice.dmsBot("review the logs please");
        lucy.awaitSettled();

        List<ApiCall> appends = lucy.slack().calls("chat.appendStream");
        assertThat(appends).isNotEmpty().allSatisfy(call -> {
            assertThat(call.ok()).isTrue();
            assertThat(call.argument("markdown_text").orElse("")).hasSizeLessThanOrEqualTo(12_000);
        });
        assertThat(appends.stream()
                        .mapToInt(call ->
                                call.argument("markdown_text").orElse("").length())
                        .sum())
                .as("the whole answer streamed")
                .isGreaterThan(12_000);
        String streamed =
                lucy.slack().calls("chat.startStream").get(0).response().replaceAll(".*\"ts\":\"([0-9.]+)\".*", "$1");
        SlackMessage shown = lucy.slack().message(question.channel(), streamed).orElseThrow();
        assertThat(shown.text())
                .as("once streamed, the long answer goes to a file and the streamed message becomes its short form")
                .startsWith("Here is the full log review.")
                .contains("answer.md")
                .hasSizeLessThan(1_000);
        assertThat(lucy.botMessages(question))
                .anySatisfy(m -> assertThat(m.fileIds()).isNotEmpty());
    }

    @Test
    void a_shutdown_while_lucy_works_clears_the_status() throws InterruptedException {
        HeldModel held = new HeldModel("launch");
        lucy.model().script(held);
        SlackUser alice = lucy.user("alice");
        AssistantThread thread = alice.startsAssistantThread(CHANNEL);

        alice.saysIn(thread, "what is the plan for the launch?");
        try {
            held.awaitAsked("the question to reach the model");
            assertThat(lucy.slack()
                            .assistantThread(thread.channel(), thread.threadTs())
                            .orElseThrow()
                            .status())
                    .as("the status shows while the model works")
                    .isPresent();
            lucy.app().shutdown(Duration.ofSeconds(2));
        } finally {
            held.release.countDown();
        }

        AssistantThread after = lucy.slack()
                .assistantThread(thread.channel(), thread.threadTs())
                .orElseThrow();
        assertThat(after.status())
                .as("no status left behind by the stopped run")
                .isEmpty();
        assertThat(after.statusHistory()).endsWith("");
    }

    /** The messages Slack accepted from {@code chat.postMessage} in the thread of {@code asked}. */
    private List<ApiCall> postsIn(SlackMessage asked) {
        return lucy.slack().calls("chat.postMessage").stream()
                .filter(ApiCall::ok)
                .filter(call -> call.argument("thread_ts").orElse("").equals(asked.ts()))
                .toList();
    }

    /** The status and stream calls (and any post or edit) in {@code channel}, in the order Slack got them. */
    private List<ApiCall> surfaceCalls(String channel) {
        return lucy.slack().calls().stream()
                .filter(call -> SURFACE_METHODS.contains(call.method()))
                .filter(call -> call.argument("channel")
                        .or(() -> call.argument("channel_id"))
                        .orElse("")
                        .equals(channel))
                .toList();
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.AssistantThread;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackUser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent view, which Slack gives every new app: opening Lucy's messages tab ({@code app_home_opened} with
 * {@code tab == "messages"}) offers the suggested prompts for the conversation as a whole (Slack drops a call that
 * names a thread there), each top-level message starts a thread that its question names, moving around Slack
 * ({@code app_context_changed}) is taken without fuss, and the answer shows the status and streams as in the assistant
 * view.
 */
class AgentViewE2ETest {

    @RegisterExtension
    final LucyE2E lucy =
            LucyE2E.create().simulator(sim -> sim.channel("general").agentView());

    @Test
    void opening_the_messages_tab_offers_prompts_and_the_first_question_names_its_thread() {
        lucy.model().script(request -> Reply.text("The roadmap has three themes this quarter."));
        SlackUser alice = lucy.user("alice");

        String im = alice.opensMessagesTab();
        AssistantThread tab = lucy.slack()
                .await(
                        "the suggested prompts",
                        WAIT,
                        () -> lucy.slack()
                                .messagesTab("alice")
                                .filter(t -> !t.prompts().isEmpty()));
        assertThat(tab.channel()).isEqualTo(im);
        assertThat(tab.prompts()).hasSizeBetween(1, 4);
        lucy.slack()
                .awaitTrue(
                        "the prompts call recorded",
                        WAIT,
                        () -> !lucy.slack()
                                .calls("assistant.threads.setSuggestedPrompts")
                                .isEmpty());
        assertThat(lucy.slack().calls("assistant.threads.setSuggestedPrompts"))
                .singleElement()
                .satisfies(call -> assertThat(call.argument("thread_ts"))
                        .as("the agent view takes prompts without a thread")
                        .isEmpty());

        alice.views("general"); // app_context_changed: acknowledged and noted, nothing posted
        SlackMessage question = alice.dmsBot("What is on the roadmap for this quarter?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("three themes"));
        lucy.awaitSettled();

        AssistantThread thread = lucy.slack()
                .await(
                        "the thread's title",
                        WAIT,
                        () -> lucy.slack()
                                .assistantThread(im, question.ts())
                                .filter(t -> t.title().isPresent()));
        assertThat(thread.title()).contains("What is on the roadmap for this quarter?");
        assertThat(answer.threadTs()).contains(question.ts());
        assertThat(thread.statusHistory())
                .as("status from the start of the run, cleared at its end")
                .hasSizeGreaterThanOrEqualTo(2)
                .endsWith("");
        assertThat(thread.statusHistory().get(0)).isNotBlank();
        assertThat(lucy.slack().calls())
                .extracting(ApiCall::method)
                .containsSubsequence(
                        "assistant.threads.setStatus",
                        "chat.startStream",
                        "chat.stopStream",
                        "assistant.threads.setStatus");
        assertThat(lucy.slack().deliveries())
                .as("every event acknowledged, the context change included")
                .isNotEmpty();
        assertThat(lucy.slack().unackedEnvelopes()).isZero();

        SlackMessage followUp = alice.repliesTo(question, "and who owns the second theme?");
        lucy.slack()
                .awaitTrue(
                        "the answer to the follow-up",
                        WAIT,
                        () -> lucy.botMessages(question).size() == 2);
        lucy.awaitSettled();
        assertThat(lucy.slack().calls("assistant.threads.setTitle"))
                .as("a reply in the thread keeps its title")
                .hasSize(1);

        SlackMessage second = alice.dmsBot("Who is on call this week?");
        lucy.awaitAnswer(second, text -> !text.isBlank());
        lucy.awaitSettled();
        List<ApiCall> titles = lucy.slack().calls("assistant.threads.setTitle");
        assertThat(titles).hasSize(2);
        assertThat(titles.get(1).argument("thread_ts")).contains(second.ts());
        assertThat(titles.get(1).argument("title")).contains("Who is on call this week?");
    }
}

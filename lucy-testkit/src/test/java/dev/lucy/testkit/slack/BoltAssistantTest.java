package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.middleware.builtin.Assistant;
import com.slack.api.model.assistant.SuggestedPrompt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bolt's Assistant middleware (the agent surface Lucy uses) against the simulator. */
class BoltAssistantTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SlackSimulatorExtension extension =
            SlackSimulatorExtension.with(b -> b.subscriptions("assistant_thread_started", "message.im"));

    @RegisterExtension
    final BoltHarness bolt = BoltHarness.on(extension);

    /** Assistant handlers cannot throw checked exceptions; the Web API calls inside them can. */
    private interface SlackCalls {
        void run() throws Exception;
    }

    private static void slackCalls(SlackCalls calls) {
        try {
            calls.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bolt_assistant_greets_a_new_thread_and_answers_with_a_status_first(SlackSimulator slack) throws Exception {
        bolt.start(app -> {
            Assistant assistant = new Assistant();
            assistant.threadStarted((request, context) -> slackCalls(() -> {
                context.say("How can I help?");
                context.setSuggestedPrompts(List.of(new SuggestedPrompt("Summarise", "Summarise #general")));
            }));
            assistant.userMessage((request, context) -> slackCalls(() -> {
                context.setStatus("is thinking...");
                context.setTitle(request.getEvent().getText());
                context.say("Here is my answer to: " + request.getEvent().getText());
                context.setStatus("");
            }));
            app.assistant(assistant);
        });
        slack.awaitConnections(1, WAIT);

        SlackUser alice = slack.user("alice");
        AssistantThread thread = alice.startsAssistantThread("general");
        SlackMessage greeting = slack.await(
                "the greeting",
                WAIT,
                () -> slack.thread(thread.channel(), thread.threadTs()).stream()
                        .filter(SlackMessage::fromBot)
                        .findFirst());
        assertThat(greeting.text()).isEqualTo("How can I help?");
        slack.awaitTrue(
                "the suggested prompts",
                WAIT,
                () -> slack.assistantThread(thread.channel(), thread.threadTs())
                        .map(t -> !t.prompts().isEmpty())
                        .orElse(false));

        alice.saysIn(thread, "what changed today?");
        slack.awaitTrue(
                "the status cleared after the answer",
                WAIT,
                () -> slack.assistantThread(thread.channel(), thread.threadTs())
                        .map(t -> t.statusHistory().size() == 2)
                        .orElse(false));

        List<SlackMessage> messages = slack.thread(thread.channel(), thread.threadTs());
        assertThat(messages)
                .extracting(SlackMessage::text)
                .containsExactly("How can I help?", "what changed today?", "Here is my answer to: what changed today?");
        AssistantThread shown =
                slack.assistantThread(thread.channel(), thread.threadTs()).orElseThrow();
        assertThat(shown.statusHistory()).containsExactly("is thinking...", "");
        assertThat(shown.status()).isEmpty();
        assertThat(shown.title()).contains("what changed today?");
        assertThat(shown.prompts())
                .extracting(AssistantThread.SuggestedPrompt::message)
                .containsExactly("Summarise #general");
    }
}

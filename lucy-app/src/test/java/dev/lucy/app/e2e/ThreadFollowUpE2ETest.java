package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.slack.SlackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reply in a thread Lucy takes part in reaches it without a new mention, and a restart changes nothing about that:
 * the threads are kept in the database, not only in the process.
 */
class ThreadFollowUpE2ETest {
    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    @Test
    void a_follow_up_without_a_mention_is_answered_after_a_restart() {
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "when is the design review?");
        lucy.awaitAnswer(question, text -> text.contains("design review"));
        lucy.awaitSettled();

        lucy.restart();

        SlackMessage followUp = lucy.user("alice").repliesTo(question, "and who runs the design review?");
        lucy.awaitAnswer(question, text -> text.contains("who runs the design review"));
        assertThat(lucy.modelRequestFor("who runs the design review")).isPresent();
        assertThat(followUp.text()).doesNotContain("<@");
    }

    @Test
    void a_reply_in_a_thread_lucy_never_joined_stays_unanswered_after_a_restart() {
        SlackMessage chat = lucy.user("alice").says(CHANNEL, "lunch at noon?");
        SlackMessage question = lucy.user("bob").mentionsBot(CHANNEL, "what is on the agenda today?");
        lucy.awaitAnswer(question, text -> text.contains("agenda"));
        lucy.awaitSettled();

        lucy.restart();

        lucy.user("bob").repliesTo(chat, "sure, what is the plan for lunch?");
        SlackMessage marker = lucy.user("bob").repliesTo(question, "and what is the plan for tomorrow?");
        lucy.awaitAnswer(question, text -> text.contains("plan for tomorrow"));
        lucy.awaitSettled();
        assertThat(lucy.modelRequestFor("plan for lunch"))
                .as("a thread Lucy is not part of")
                .isEmpty();
        assertThat(marker).isNotNull();
    }
}

package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.LucyException;
import dev.lucy.memory.ThreadMessage;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackThreadHistoryTest {
    private final SlackFixture fx = new SlackFixture();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void reads_every_page_and_returns_the_newest_messages_oldest_first_with_lucys_marked() {
        SlackPort port = fx.port().postBurst(1_000).build();
        SlackMessage root = fx.slack.user("alice").says("general", "message 0");
        Caller caller = fx.callerInThreadOf(root);
        for (int i = 1; i < 450; i++) {
            if (i % 3 == 0) {
                port.post(caller.conversationId(), "message " + i);
            } else {
                fx.slack.user(i % 2 == 0 ? "alice" : "bob").repliesTo(root, "message " + i);
            }
        }
        SlackThreadHistory history = new SlackThreadHistory(fx.methods, fx.slack.botUserId());

        List<ThreadMessage> newest = history.load(caller, 4);

        assertThat(newest)
                .extracting(ThreadMessage::text)
                .containsExactly("message 446", "message 447", "message 448", "message 449");
        assertThat(newest).extracting(ThreadMessage::fromAssistant).containsExactly(false, true, false, false);
        assertThat(newest.get(1).userId()).isEqualTo(fx.slack.botUserId());
        assertThat(newest.get(0).userId()).isEqualTo(fx.slack.user("alice").id());
        assertThat(newest).extracting(ThreadMessage::at).isSorted();
        assertThat(fx.slack.calls("conversations.replies"))
                .as("450 messages in pages of 200")
                .hasSize(3);
    }

    @Test
    void a_short_thread_is_returned_whole() {
        SlackMessage root = fx.slack.user("alice").says("general", "where is the runbook?");
        fx.slack.user("bob").repliesTo(root, "in the wiki");
        SlackThreadHistory history = new SlackThreadHistory(fx.methods, fx.slack.botUserId());

        assertThat(history.load(fx.callerInThreadOf(root), 50))
                .extracting(ThreadMessage::text)
                .containsExactly("where is the runbook?", "in the wiki");
        assertThat(history.load(fx.callerInThreadOf(root), 0)).isEmpty();
    }

    @Test
    void a_channel_slack_does_not_know_fails_with_a_lucy_exception() {
        SlackThreadHistory history = new SlackThreadHistory(fx.methods, fx.slack.botUserId());
        Caller nowhere = new Caller(fx.slack.teamId(), "U1", "C0NOSUCH:1700000000.000100");

        assertThatThrownBy(() -> history.load(nowhere, 10))
                .isInstanceOf(LucyException.class)
                .hasMessageContaining("conversations.replies")
                .hasMessageContaining("channel_not_found");
    }
}

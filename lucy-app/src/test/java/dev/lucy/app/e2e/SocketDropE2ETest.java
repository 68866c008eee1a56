package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SocketConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Socket Mode connection drops while the model is still thinking: the answer still reaches the thread (it goes
 * over the Web API), Lucy opens a new socket, and a message sent after the drop is answered too.
 */
class SocketDropE2ETest {

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            // Bolt notices a dead socket at its next ping; ping every second so the test does not wait five.
            .transport(b -> b.pingInterval(Duration.ofSeconds(1)));

    @Test
    void a_socket_dropped_mid_conversation_loses_no_answer_and_lucy_reconnects() {
        SocketConnection before = lucy.slack().connections().get(0);
        lucy.model().latency(Latency.fixed(Duration.ofSeconds(2)));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "summarise the incident review");
        lucy.slack()
                .awaitTrue(
                        "the question to be with the model",
                        LucyE2E.WAIT,
                        () -> lucy.model().openRequests() > 0);
        lucy.slack().dropConnection(before.id());

        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("incident review"));
        assertThat(answer.text()).isEqualTo(E2EModel.answerTo("summarise the incident review"));

        lucy.model().latency(Latency.none());
        SlackMessage after = lucy.user("bob").mentionsBot(CHANNEL, "and what are the follow-ups?");
        lucy.awaitAnswer(after, text -> text.contains("follow-ups"));
        lucy.awaitSettled();

        assertThat(lucy.slack().connections())
                .as("a new socket replaced the dropped one")
                .extracting(SocketConnection::id)
                .isNotEmpty()
                .doesNotContain(before.id());
        assertThat(lucy.app().transport().status().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(lucy.botMessages(question)).hasSize(1);
        assertThat(lucy.botMessages(after)).hasSize(1);
        assertThat(lucy.app().ready()).isTrue();
    }
}

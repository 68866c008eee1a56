package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ConversationPort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web console's ports around Slack's (the playground's routing, a traced run's port) pass a stream addressed to a
 * person on as such: Slack streams into a channel only when it is told who the answer is for.
 */
class PortWrappersTest {
    private static final Caller ALICE = new Caller("T1", "U1", "C1:1.0");

    /** A port that notes to whom each stream was addressed. */
    private static final class Recipients implements ConversationPort {
        final List<String> streams = new ArrayList<>();

        @Override
        public String post(String conversationId, String text) {
            return "m1";
        }

        @Override
        public void update(String conversationId, String messageId, String text) {}

        @Override
        public void react(String conversationId, String messageId, String emoji) {}

        @Override
        public Stream startStream(Caller recipient, String initialText) {
            streams.add(recipient.userId() + "@" + recipient.workspaceId());
            return startStream(recipient.conversationId(), initialText);
        }
    }

    @Test
    void the_playground_routing_passes_the_recipient_to_slack() {
        Recipients slack = new Recipients();

        Playground.routing(new Playground(Clock.systemUTC()), slack)
                .startStream(ALICE, "Working")
                .finish();

        assertThat(slack.streams).containsExactly("U1@T1");
    }

    @Test
    void a_traced_run_passes_the_recipient_on_and_keeps_the_streamed_text() {
        Recipients slack = new Recipients();
        try (TraceRecorder recorder =
                TraceRecorder.builder(dev.lucy.core.spi.RunTraces.inMemory()).build()) {
            RunTracing.Run run = recorder.begin(TraceRecorderTest.REQUEST);
            ConversationPort.Stream stream = run.watch(slack).startStream(ALICE, "Working");
            stream.append(" on it");
            stream.finish();

            assertThat(slack.streams).containsExactly("U1@T1");
            assertThat(((TracedRun) run).soFar().steps().toString()).contains("Working on it");
        }
    }
}

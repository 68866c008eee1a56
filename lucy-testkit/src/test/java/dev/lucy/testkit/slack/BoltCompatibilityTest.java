package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.App;
import com.slack.api.model.event.AppMentionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real Bolt SocketModeApp (Java-WebSocket backend) and MethodsClient, unchanged, against the simulator. */
class BoltCompatibilityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SlackSimulatorExtension extension = SlackSimulatorExtension.with(b -> b.subscriptions("app_mention")
            .ackTimeout(Duration.ofMillis(500))
            .retryDelays(Duration.ZERO, Duration.ZERO, Duration.ZERO)
            .refreshGrace(Duration.ofSeconds(2)));

    @RegisterExtension
    final BoltHarness bolt = BoltHarness.on(extension);

    /** The minimal bot: answers a mention in the mention's thread. */
    private static void repliesInThread(App app) {
        app.event(AppMentionEvent.class, (request, context) -> {
            AppMentionEvent event = request.getEvent();
            context.client()
                    .chatPostMessage(r -> r.channel(event.getChannel())
                            .threadTs(event.getTs())
                            .text("Hello <@" + event.getUser() + ">, you said: "
                                    + event.getText().replaceAll("<@[A-Z0-9]+>\\s*", "")));
            return context.ack();
        });
    }

    @Test
    void bolt_app_answers_a_mention_in_its_thread(SlackSimulator slack) throws Exception {
        bolt.start(BoltCompatibilityTest::repliesInThread);
        slack.awaitConnections(1, WAIT);

        SlackUser alice = slack.user("alice");
        SlackMessage question = alice.mentionsBot("general", "what time is it?");
        SlackMessage reply = slack.awaitBotReply(question, WAIT);

        assertThat(reply.text()).isEqualTo("Hello <@" + alice.id() + ">, you said: what time is it?");
        assertThat(reply.threadTs()).contains(question.ts());
        assertThat(reply.user()).contains(slack.botUserId());
        slack.awaitAllAcked(WAIT);
        assertThat(slack.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo("events_api");
            assertThat(d.retryAttempt()).isZero();
            assertThat(d.outcome()).isEqualTo(Delivery.Outcome.ACKED);
        });
        // Bolt asks for a URL when it builds its client and again when it connects; both are valid.
        assertThat(slack.calls("apps.connections.open"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.ok()).isTrue());
        assertThat(slack.thread(question)).extracting(SlackMessage::ts).containsExactly(question.ts(), reply.ts());
    }

    @Test
    void bolt_app_sees_an_event_again_when_its_ack_comes_too_late(SlackSimulator slack) throws Exception {
        List<String> handledEventIds = new CopyOnWriteArrayList<>();
        bolt.start(app -> app.event(AppMentionEvent.class, (request, context) -> {
            boolean first = handledEventIds.isEmpty();
            handledEventIds.add(request.getEventId());
            if (first) {
                // Bolt acks when the handler returns: hold the first delivery past the ack deadline.
                slack.awaitTrue("the redelivery", WAIT, () -> slack.deliveries().size() >= 2);
            }
            return context.ack();
        }));
        slack.awaitConnections(1, WAIT);

        slack.user("alice").mentionsBot("general", "are you there?");
        slack.awaitTrue("two handled deliveries", WAIT, () -> handledEventIds.size() == 2);
        slack.awaitAllAcked(WAIT);

        assertThat(handledEventIds).hasSize(2).containsOnly(handledEventIds.get(0));
        List<Delivery> deliveries = slack.deliveries();
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).outcome()).isEqualTo(Delivery.Outcome.TIMED_OUT);
        assertThat(deliveries.get(1).retryAttempt()).isEqualTo(1);
        assertThat(deliveries.get(1).retryReason()).contains("timeout");
        assertThat(deliveries.get(1).envelopeId()).isEqualTo(deliveries.get(0).envelopeId());
        assertThat(deliveries.get(1).outcome()).isEqualTo(Delivery.Outcome.ACKED);
    }

    @Test
    void events_spread_over_three_bolt_connections_each_delivered_once(SlackSimulator slack) throws Exception {
        Map<String, Integer> handledBy = new ConcurrentHashMap<>();
        for (int replica = 0; replica < 3; replica++) {
            int id = replica;
            bolt.start(app -> app.event(AppMentionEvent.class, (request, context) -> {
                handledBy.merge(request.getEventId(), id, (a, b) -> -1);
                return context.ack();
            }));
        }
        slack.awaitConnections(3, WAIT);

        for (int i = 0; i < 12; i++) {
            slack.user(i % 2 == 0 ? "alice" : "bob").mentionsBot("general", "question " + i);
        }
        slack.awaitTrue("12 handled events", WAIT, () -> handledBy.size() == 12);
        slack.awaitAllAcked(WAIT);

        assertThat(handledBy.values()).as("no event handled twice").doesNotContain(-1);
        Map<Integer, Long> perReplica =
                handledBy.values().stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        assertThat(perReplica).containsOnlyKeys(0, 1, 2);
        assertThat(slack.deliveries())
                .hasSize(12)
                .allSatisfy(d -> assertThat(d.retryAttempt()).isZero());
        assertThat(slack.deliveries().stream().map(Delivery::connectionId).distinct())
                .hasSize(3);
    }

    @Test
    void bolt_reconnects_on_refresh_requested_and_keeps_answering(SlackSimulator slack) throws Exception {
        bolt.start(BoltCompatibilityTest::repliesInThread);
        SocketConnection first = slack.awaitConnections(1, WAIT).get(0);
        int urlsBefore = slack.calls("apps.connections.open").size();

        slack.requestRefresh(first.id());
        slack.awaitTrue("the old socket replaced by a new one", WAIT, () -> {
            List<SocketConnection> open = slack.connections();
            return open.size() == 1 && !open.get(0).id().equals(first.id());
        });

        SlackMessage question = slack.user("bob").mentionsBot("general", "still there?");
        SlackMessage reply = slack.awaitBotReply(question, WAIT);
        assertThat(reply.text()).endsWith("you said: still there?");
        assertThat(slack.calls("apps.connections.open")).hasSize(urlsBefore + 1);
    }

    @Test
    void bolt_reconnects_after_a_dropped_socket_and_gets_the_event_sent_meanwhile(SlackSimulator slack)
            throws Exception {
        bolt.start(BoltCompatibilityTest::repliesInThread);
        SocketConnection first = slack.awaitConnections(1, WAIT).get(0);

        slack.dropConnection(first.id());
        slack.awaitTrue(
                "the dropped socket gone",
                WAIT,
                () -> slack.connections().stream().noneMatch(c -> c.id().equals(first.id())));
        SlackMessage question = slack.user("alice").mentionsBot("general", "hello after the outage");

        SlackMessage reply = slack.awaitBotReply(question, Duration.ofSeconds(30));
        assertThat(reply.text()).endsWith("you said: hello after the outage");
        assertThat(slack.connections())
                .singleElement()
                .satisfies(c -> assertThat(c.id()).isNotEqualTo(first.id()));
    }
}

package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.event.MessageEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bolt's interactivity, slash commands and message events against the simulator. */
class BoltInteractivityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SlackSimulatorExtension extension = new SlackSimulatorExtension();

    @RegisterExtension
    final BoltHarness bolt = BoltHarness.on(extension);

    @Test
    void bolt_handles_a_button_click_and_responds_through_the_response_url(SlackSimulator slack) throws Exception {
        bolt.start(app -> app.blockAction("approve", (request, context) -> {
            String who = request.getPayload().getUser().getId();
            context.respond(r -> r.replaceOriginal(true).text("Approved by <@" + who + ">"));
            return context.ack();
        }));
        slack.awaitConnections(1, WAIT);
        String ts = bolt.methods()
                .chatPostMessage(r -> r.channel(slack.channelId("general"))
                        .text("Deploy to production?")
                        .blocksAsString("""
                                [{"type":"actions","elements":[{"type":"button","action_id":"approve",
                                  "text":{"type":"plain_text","text":"Approve"},"value":"prod"}]}]"""))
                .getTs();

        SlackUser alice = slack.user("alice");
        alice.clicks(slack.message("general", ts).orElseThrow(), "approve");

        SlackMessage updated = slack.await(
                "the message replaced", WAIT, () -> slack.message("general", ts).filter(SlackMessage::edited));
        assertThat(updated.text()).isEqualTo("Approved by <@" + alice.id() + ">");
        slack.awaitAllAcked(WAIT);
    }

    @Test
    void bolt_answers_a_slash_command_in_its_ack(SlackSimulator slack) throws Exception {
        bolt.start(app -> app.command(
                "/lucy",
                (request, context) -> context.ack(
                        "Lucy is up. You asked: " + request.getPayload().getText())));
        slack.awaitConnections(1, WAIT);

        slack.user("bob").runsCommand("general", "/lucy", "status");

        SlackMessage answer = slack.awaitEphemeral("general", 1, WAIT);
        assertThat(answer.text()).isEqualTo("Lucy is up. You asked: status");
        assertThat(answer.visibleTo()).contains(slack.user("bob").id());
    }

    @Test
    void bolt_ignores_the_bots_own_messages_but_hears_people(SlackSimulator slack) throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        bolt.start(app -> {
            app.event(MessageEvent.class, (request, context) -> {
                heard.add(request.getEvent().getText());
                return context.ack();
            });
            app.event(com.slack.api.model.event.AppMentionEvent.class, (request, context) -> context.ack());
            app.event(com.slack.api.model.event.ReactionAddedEvent.class, (request, context) -> context.ack());
        });
        slack.awaitConnections(1, WAIT);

        bolt.methods()
                .chatPostMessage(r -> r.channel(slack.channelId("general")).text("from the bot"));
        slack.user("alice").says("general", "from alice");
        slack.awaitAllAcked(WAIT);

        assertThat(heard).containsExactly("from alice");
        assertThat(slack.deliveries())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.outcome()).isEqualTo(Delivery.Outcome.ACKED));
    }
}

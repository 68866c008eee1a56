package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.response.views.ViewsPublishResponse;
import com.slack.api.model.event.AppHomeOpenedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Home tab: {@code app_home_opened}, {@code views.publish} with Slack's limits, and buttons pressed in a view. */
class BoltHomeTabTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SlackSimulatorExtension extension = new SlackSimulatorExtension();

    @RegisterExtension
    final BoltHarness bolt = BoltHarness.on(extension);

    private static String home(String blocks) {
        return "{\"type\":\"home\",\"blocks\":" + blocks + "}";
    }

    private static final String FORGET_BUTTON = """
            [{"type":"section","block_id":"f1","text":{"type":"mrkdwn","text":"Our target is 800K"},
              "accessory":{"type":"button","action_id":"forget","value":"fact-1",
                           "text":{"type":"plain_text","text":"Forget"}}},
             {"type":"section","block_id":"f2","text":{"type":"mrkdwn","text":"I like tea"},
              "accessory":{"type":"button","action_id":"forget","value":"fact-2",
                           "text":{"type":"plain_text","text":"Forget"}}}]""";

    @Test
    void opening_home_is_heard_and_the_view_published_is_kept_per_person(SlackSimulator slack) throws Exception {
        List<String> opened = new CopyOnWriteArrayList<>();
        bolt.start(app -> app.event(AppHomeOpenedEvent.class, (request, context) -> {
            AppHomeOpenedEvent event = request.getEvent();
            opened.add(event.getTab() + ":" + event.getUser());
            context.client().viewsPublish(r -> r.userId(event.getUser()).viewAsString(home(FORGET_BUTTON)));
            return context.ack();
        }));
        slack.awaitConnections(1, WAIT);
        SlackUser alice = slack.user("alice");

        alice.opensHome();

        HomeView view = slack.awaitHomeView("alice", v -> true, WAIT);
        assertThat(opened).containsExactly("home:" + alice.id());
        assertThat(view.text()).contains("Our target is 800K", "I like tea");
        assertThat(view.buttons()).extracting(HomeView.Button::value).containsExactly("fact-1", "fact-2");
        assertThat(slack.homeView("bob")).isEmpty();

        alice.opensMessagesTab();
        slack.awaitTrue("the messages tab heard", WAIT, () -> opened.size() == 2);
        assertThat(opened.get(1)).isEqualTo("messages:" + alice.id());
    }

    @Test
    void a_button_in_the_home_view_arrives_with_the_view_and_no_response_url(SlackSimulator slack) throws Exception {
        List<String> clicks = new CopyOnWriteArrayList<>();
        bolt.start(app -> app.blockAction("forget", (request, context) -> {
            var payload = request.getPayload();
            clicks.add(payload.getUser().getId() + " "
                    + payload.getActions().get(0).getValue() + " "
                    + payload.getContainer().getType() + " " + payload.getView().getType() + " "
                    + payload.getResponseUrl());
            return context.ack();
        }));
        slack.awaitConnections(1, WAIT);
        SlackUser alice = slack.user("alice");
        assertThat(bolt.methods()
                        .viewsPublish(r -> r.userId(alice.id()).viewAsString(home(FORGET_BUTTON)))
                        .isOk())
                .isTrue();

        alice.clicksInHome("forget", "fact-2");

        slack.awaitTrue("the click heard", WAIT, () -> clicks.size() == 1);
        assertThat(clicks.getFirst()).isEqualTo(alice.id() + " fact-2 view home null");
        slack.awaitAllAcked(WAIT);
    }

    @Test
    void publishing_answers_slacks_errors_for_a_view_slack_would_refuse(SlackSimulator slack) throws Exception {
        bolt.start(app -> {});
        String alice = slack.user("alice").id();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"divider\"}");
        }
        many.append(']');

        ViewsPublishResponse tooMany =
                bolt.methods().viewsPublish(r -> r.userId(alice).viewAsString(home(many.toString())));
        ViewsPublishResponse longSection = bolt.methods()
                .viewsPublish(r -> r.userId(alice)
                        .viewAsString(home("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\""
                                + "x".repeat(3_001) + "\"}}]")));
        ViewsPublishResponse notHome =
                bolt.methods().viewsPublish(r -> r.userId(alice).viewAsString("{\"type\":\"modal\",\"blocks\":[]}"));
        ViewsPublishResponse noUser = bolt.methods().viewsPublish(r -> r.viewAsString(home("[]")));
        ViewsPublishResponse botUser =
                bolt.methods().viewsPublish(r -> r.userId(slack.botUserId()).viewAsString(home("[]")));

        assertThat(tooMany.getError()).isEqualTo("too_many_blocks");
        assertThat(longSection.getError()).isEqualTo("invalid_arguments");
        assertThat(notHome.getError()).isEqualTo("invalid_arguments");
        assertThat(noUser.getError()).isEqualTo("invalid_arguments");
        assertThat(botUser.getError()).isEqualTo("user_not_found");
        assertThat(slack.homeView("alice")).isEmpty();

        StringBuilder hundred = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            hundred.append(i == 0 ? "" : ",").append("{\"type\":\"divider\"}");
        }
        hundred.append(']');
        ViewsPublishResponse full =
                bolt.methods().viewsPublish(r -> r.userId(alice).viewAsString(home(hundred.toString())));
        assertThat(full.isOk()).isTrue();
        assertThat(full.getView().getType()).isEqualTo("home");
        assertThat(slack.homeView("alice").orElseThrow().blockCount()).isEqualTo(100);
    }
}

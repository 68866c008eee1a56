package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example in lucy-testkit/README.md, kept compiling and passing. */
class ReadmeExampleTest {
    @Test
    void a_bolt_bot_answers_a_mention_in_the_simulator() throws Exception {
        // README example begins
        try (SlackSimulator slack =
                SlackSimulator.builder().subscriptions("app_mention").start()) {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
            App app = new App(AppConfig.builder()
                    .singleTeamBotToken(slack.botToken())
                    .slack(Slack.getInstance(config))
                    .build());
            app.event(AppMentionEvent.class, (req, ctx) -> {
                ctx.client()
                        .chatPostMessage(r -> r.channel(req.getEvent().getChannel())
                                .threadTs(req.getEvent().getTs())
                                .text("Hi!"));
                return ctx.ack();
            });
            SocketModeApp bot = new SocketModeApp(slack.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
            bot.startAsync();
            SlackMessage question = slack.user("alice").mentionsBot("general", "hello");
            assertThat(slack.awaitBotReply(question, Duration.ofSeconds(10)).text())
                    .isEqualTo("Hi!");
            // README example ends
            bot.getClient().close();
            app.stop();
        }
    }
}

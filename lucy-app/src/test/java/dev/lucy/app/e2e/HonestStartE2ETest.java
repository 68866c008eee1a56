package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lucy} as a deployment starts it: in a JVM of its own, away from a terminal, configured only through the
 * environment. Slack tokens and a model server that needs no key run the bot; a start missing the Slack tokens
 * stops with one line and status 2 instead of playing the demo.
 */
class HonestStartE2ETest {
    private ScratchDirectory dir;
    private SlackSimulator slack;
    private ScriptedModelServer model;
    private BotProcess bot;

    @BeforeEach
    void start() {
        dir = ScratchDirectory.create("lucy-start-");
        slack = SlackSimulator.builder().start();
        model = ScriptedModelServer.builder().script(new E2EModel()).start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (bot != null) {
                bot.destroy();
            }
        } finally {
            model.close();
            slack.close();
            dir.close();
        }
    }

    @Test
    void slack_tokens_and_a_model_server_without_a_key_run_the_bot() throws Exception {
        // An empty value counts as unset: no Lucy model settings, only the name OpenAI's SDKs read.
        bot = BotProcess.start(
                dir.path(),
                slack,
                model,
                Map.of(
                        "LUCY_MODEL_API_KEY", "",
                        "LUCY_MODEL_BASE_URL", "",
                        "OPENAI_BASE_URL", model.baseUrl().toString()));
        slack.awaitConnections(1, WAIT);

        SlackMessage asked = slack.user("alice").mentionsBot(CHANNEL, "what's on the roadmap?");
        LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("You asked: what's on the roadmap?"));

        assertThat(model.requests())
                .as("asked without a key")
                .isNotEmpty()
                .allMatch(r -> r.header("authorization").isEmpty());
        assertThat(bot.log())
                .as("a word on the model name, which the default is OpenRouter's")
                .contains("LUCY_MODEL is not set, so Lucy asks " + model.baseUrl());
        bot.process().destroy(); // SIGTERM
        assertThat(bot.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_start_without_slack_tokens_away_from_a_terminal_exits_2_with_one_line() throws Exception {
        bot = BotProcess.start(dir.path(), slack, model, Map.of("SLACK_BOT_TOKEN", "", "SLACK_APP_TOKEN", ""));

        assertThat(bot.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(bot.process().exitValue()).isEqualTo(2);
        assertThat(bot.log().lines())
                .singleElement()
                .asString()
                .startsWith("lucy: no Slack credentials: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN");
        assertThat(Files.readString(dir.path().resolve("bot.out"))).isEmpty();
        assertThat(slack.connections()).as("nothing connected to Slack").isEmpty();
    }
}

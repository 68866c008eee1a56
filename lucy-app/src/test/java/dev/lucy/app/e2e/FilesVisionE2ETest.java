package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static dev.lucy.app.e2e.LucyE2E.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucy.app.files.FilesConfig;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.slack.SharedFile;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files with a model configured as seeing images: a shared picture reaches the model as an {@code image_url} content
 * part with a data URL, and a file Slack will not hand over is told, never passed over in silence.
 */
class FilesVisionE2ETest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .app(app -> app.files(FilesConfig.builder().vision(true).build()));

    @Test
    void an_image_reaches_a_model_that_sees_as_an_image_part() {
        lucy.model().script(Script.answer("The chart shows sales rising."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(CHANNEL, "what does this chart show?", SharedFile.of("chart.png", "image/png", PNG));

        lucy.awaitAnswer(question, text -> text.contains("rising"));
        JsonNode user = null;
        for (JsonNode message : lucy.model().lastRequest().orElseThrow().json().path("messages")) {
            if (message.path("role").asText().equals("user")) {
                user = message;
            }
        }
        assertThat(user).isNotNull();
        JsonNode parts = user.path("content");
        assertThat(parts.isArray()).isTrue();
        assertThat(parts.get(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.get(0).path("text").asText())
                .startsWith("what does this chart show?")
                .contains("[File: chart.png]");
        assertThat(parts.get(1).path("type").asText()).isEqualTo("image_url");
        assertThat(parts.get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    }

    @Test
    void a_file_slack_will_not_hand_over_is_told() {
        lucy.slack().refuseFileDownloads(true);
        lucy.model().script(Script.answer("I could not open the file."));

        SlackMessage question = lucy.user("alice")
                .mentionsBotWith(CHANNEL, "check this", SharedFile.text("plan.txt", "text/plain", "the plan"));

        SlackMessage told = lucy.slack()
                .await(
                        "Lucy to say it could not download the file",
                        WAIT,
                        () -> lucy.botMessages(question).stream()
                                .filter(m -> m.text().contains("plan.txt"))
                                .findFirst());
        assertThat(told.text()).isEqualTo("I could not read plan.txt: Slack did not let me download it.");
        lucy.awaitAnswer(question, text -> text.contains("could not open"));
        assertThat(lucy.model().lastRequest().orElseThrow().lastUserText().orElseThrow())
                .doesNotContain("the plan");
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.slack.SlackMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three tiers reach three models when the operator names them: a short question goes to the fast model, an
 * everyday one to {@code LUCY_MODEL}, a question about code or research to the frontier model. What the scripted
 * model server records is the model each request named.
 */
class ModelTiersE2ETest {
    private static final LucyConfig CONFIG = ConfigLoader.load(Map.of(
            "LUCY_MODEL", "everyday-model",
            "LUCY_MODEL_FAST", "fast-model",
            "LUCY_MODEL_FRONTIER", "frontier-model"));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.resilience(CONFIG.resilienceConfig()));

    @Test
    void each_kind_of_question_is_answered_by_its_tiers_model() {
        String quick = "when is the next release?";
        String everyday = "please write a short note for the team about moving the weekly planning meeting to Thursday";
        String hard = "investigate why the nightly billing export failed and compare it with last week";

        for (String question : new String[] {quick, everyday, hard}) {
            SlackMessage asked = lucy.user("alice").mentionsBot(CHANNEL, question);
            lucy.awaitAnswer(
                    asked, text -> text.contains(E2EModel.answerTo(question).substring(0, 20)));
        }
        lucy.awaitSettled();

        assertThat(modelFor(quick)).isEqualTo("fast-model");
        assertThat(modelFor(everyday)).isEqualTo("everyday-model");
        assertThat(modelFor(hard)).isEqualTo("frontier-model");
    }

    private String modelFor(String question) {
        return lucy.modelRequestFor(question).map(ModelRequest::model).orElseThrow();
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.testkit.slack.SlackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A model provider that refuses Lucy's key: the person is told plainly, and the key never shows. */
class ModelKeyE2ETest {
    private static final String WRONG_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef";

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .modelServer(b -> b.apiKey("sk-or-v1-the-key-the-provider-expects"))
            .modelApiKey(WRONG_KEY)
            .fastModelRetries();

    @Test
    void a_refused_model_key_gets_a_plain_answer_without_the_key() {
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "what's on the roadmap?");
        String shown = lucy.awaitOnlyPlainAnswer(question);

        assertThat(lucy.model().requests())
                .as("Lucy did reach the provider with its key")
                .isNotEmpty()
                .allMatch(r -> r.header("authorization").orElse("").equals("Bearer " + WRONG_KEY));
        assertThat(shown)
                .doesNotContain(WRONG_KEY)
                .doesNotContain("sk-or-v1")
                .doesNotContain("API key provided")
                .isEqualTo(RuntimeNotices.defaults().runFailed());
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.Message;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the model misbehaves or fails, the person gets a clear answer in the thread: never silence, a stack trace,
 * an internal name or a secret.
 */
class FailuresE2ETest {

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().fastModelRetries();

    @Test
    void a_malformed_tool_call_goes_back_to_the_model_which_then_answers() {
        lucy.model()
                .script(request -> request.toolResults().isEmpty()
                        ? Reply.malformedToolCall("get_projects")
                        : Reply.text("There are no projects yet."));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "which projects do we have?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("projects"));
        lucy.awaitSettled();

        assertThat(answer.text()).isEqualTo("There are no projects yet.");
        List<Message.Tool> told = lucy.model().requests().get(1).toolResults();
        assertThat(told)
                .as("the model was told its arguments were not valid JSON")
                .hasSize(1);
        assertThat(told.get(0).content()).contains("not valid JSON");
        assertThat(lucy.botMessages(question)).hasSize(1);
    }

    @Test
    void an_unknown_tool_is_named_back_to_the_model_with_the_tools_it_can_use() {
        lucy.model()
                .script(request -> request.toolResults().isEmpty()
                        ? Reply.toolCall("get_project_list", "{}")
                        : Reply.text("I could not look that up just now."));

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "which projects do we have?");
        SlackMessage answer = lucy.awaitAnswer(question, text -> text.contains("look that up"));

        List<Message.Tool> told = lucy.model().requests().get(1).toolResults();
        assertThat(told.get(0).content())
                .as("the closest valid name comes back to the model")
                .contains("get_project_list")
                .contains("get_projects");
        LucyE2E.assertPlain(answer.text());
    }

    @Test
    void a_model_that_keeps_calling_a_tool_that_does_not_exist_still_ends_with_a_plain_answer() {
        lucy.model().script(Script.callUnknownTool());

        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "what's in the backlog?");
        String answer = lucy.awaitOnlyPlainAnswer(question);

        assertThat(answer).doesNotContain("tool_that_does_not_exist").containsIgnoringCase("try again");
    }

    @Test
    void a_model_that_stays_rate_limited_gets_the_person_told_when_to_try_again() {
        // Longer than Lucy waits for a model's Retry-After (30 s by default): Lucy gives up at once and says when.
        lucy.model().script(request -> Fault.rateLimited(Duration.ofSeconds(40)));

        SlackMessage question = lucy.user("bob").mentionsBot(CHANNEL, "what changed in the billing service?");
        String answer = lucy.awaitOnlyPlainAnswer(question);

        assertThat(answer).containsIgnoringCase("try again in about 40 seconds");
    }

    @Test
    void a_model_that_fails_every_time_gets_the_person_a_plain_apology() {
        lucy.model().script(request -> Fault.serverError());

        SlackMessage question = lucy.user("bob").mentionsBot(CHANNEL, "what changed in the billing service?");
        String answer = lucy.awaitOnlyPlainAnswer(question);

        assertThat(answer)
                .as("it says what could not be reached, in plain words, and that it is worth trying again")
                .containsIgnoringCase("the AI model")
                .contains("again")
                .isNotEqualTo(RuntimeNotices.defaults().runFailed());
        assertThat(lucy.model().requestCount()).as("Lucy did retry").isGreaterThan(1);
    }
}

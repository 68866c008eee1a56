package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.slack.SlackMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's R3L: "thanks!", "got it" and "ship it" in a thread where Lucy answered get an emoji on the message
 * and nothing else: no text reply, no model call. When Lucy has just asked something, "ship it" is the answer and
 * goes to the model.
 */
class ReactionsE2ETest {

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create();

    @ParameterizedTest(name = "\"{0}\" gets :{1}:")
    @CsvSource({"thanks!, saluting_face", "got it, white_check_mark", "ship it, thumbsup"})
    void a_short_acknowledgement_gets_an_emoji_and_no_reply(String said, String emoji) {
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "how do we roll back a release?");
        lucy.awaitAnswer(question, text -> text.contains("roll back"));
        lucy.awaitSettled();
        int modelCalls = lucy.model().requestCount();
        int callsBefore = lucy.slack().calls("chat.postMessage").size();

        SlackMessage ack = lucy.user("alice").repliesTo(question, said);

        assertThat(lucy.awaitReaction(ack)).isEqualTo(emoji);
        lucy.awaitSettled();
        assertThat(lucy.botReactions(ack)).containsExactly(emoji);
        assertThat(lucy.botMessages(question)).as("only the earlier answer").hasSize(1);
        assertThat(lucy.slack().calls("chat.postMessage")).hasSize(callsBefore);
        assertThat(lucy.model().requestCount()).as("no model call").isEqualTo(modelCalls);
    }

    @Test
    void ship_it_after_lucy_asked_a_question_is_the_answer_and_reaches_the_model() {
        lucy.model()
                .script(request -> request.lastUserText().orElse("").equals("ship it")
                        ? Reply.text("Shipping the release to production now.")
                        : Reply.text("The release is ready. Should I ship it to production now?"));
        SlackMessage question = lucy.user("alice").mentionsBot(CHANNEL, "is the release ready?");
        lucy.awaitAnswer(question, text -> text.endsWith("now?"));
        lucy.awaitSettled();

        SlackMessage reply = lucy.user("alice").repliesTo(question, "ship it");

        assertThat(lucy.awaitAnswer(question, text -> text.startsWith("Shipping"))
                        .text())
                .isEqualTo("Shipping the release to production now.");
        lucy.awaitSettled();
        assertThat(lucy.botReactions(reply)).doesNotContain("thumbsup");
        assertThat(lucy.modelRequestFor("ship it"))
                .as("the reply reached the model with the question Lucy asked")
                .hasValueSatisfying(request -> assertThat(request.messages())
                        .anyMatch(m -> m.content() != null && m.content().contains("Should I ship it")));
    }
}

package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.Usage;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.memory.ThreadMessage;
import dev.lucy.memory.spi.ThreadHistory;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playground's conversations keep their thread, and each is answered by the model chosen for it. */
class PlaygroundTest {
    private static final TriageDecision.AgentRun DECISION =
            new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "hourglass", false);

    private final Playground playground = new Playground(Clock.systemUTC());
    private final ChatModel configured = request -> new ChatResponse(
            "configured-model", Message.assistant("from the configured model"), FinishReason.STOP, new Usage(1, 1));

    @Test
    void a_follow_up_is_in_the_same_conversation_whose_history_is_what_was_said_there() {
        InboundEvent first = playground.open("T1", "U1", "what is our plan?", false);
        playground.post(first.conversationId(), "Ship on Friday.");
        InboundEvent second = playground
                .reply("T1", "U1", first.conversationId(), "and after that?", false)
                .orElseThrow();
        ThreadHistory slack = (caller, limit) -> List.of(new ThreadMessage("U2", "from Slack", first.sentAt(), false));
        ThreadHistory history = playground.history(slack);

        assertThat(second.conversationId()).isEqualTo(first.conversationId());
        assertThat(second.messageId()).isNotEqualTo(first.messageId());
        assertThat(history.load(second.caller(), 10))
                .extracting(ThreadMessage::text, ThreadMessage::fromAssistant)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("what is our plan?", false),
                        org.assertj.core.groups.Tuple.tuple("Ship on Friday.", true),
                        org.assertj.core.groups.Tuple.tuple("and after that?", false));
        assertThat(history.load(second.caller(), 1))
                .extracting(ThreadMessage::text)
                .containsExactly("and after that?");
        assertThat(history.load(new Caller("T1", "U2", "C1:1.0"), 10))
                .as("Slack's conversations still come from Slack")
                .extracting(ThreadMessage::text)
                .containsExactly("from Slack");
        assertThat(playground.reply("T1", "U1", "DPLAYGROUND:gone", "hello?", false))
                .isEmpty();
    }

    @Test
    void a_run_of_a_conversation_switched_to_the_scripted_model_is_answered_by_it_and_others_by_the_configured_one() {
        RunTracing tracing = playground.tracing(RunTracing.off());
        ChatModel models = playground.models(configured, java.util.function.UnaryOperator.identity());
        InboundEvent scripted = playground.open("T1", "U1", "draw a table", true);
        InboundEvent real = playground.open("T1", "U1", "hello", false);

        RunTracing.Run run = tracing.begin(RunRequest.of(scripted, DECISION));
        ChatResponse answer = models.chat(request("draw a table"));
        run.end();
        assertThat(answer.model()).isEqualTo(PlaygroundModel.NAME);
        assertThat(answer.message().content()).contains("scripted model", "draw a table", "| Setting |");

        run = tracing.begin(RunRequest.of(real, DECISION));
        assertThat(models.chat(request("hello")).model()).isEqualTo("configured-model");
        run.end();

        InboundEvent switched = playground
                .reply("T1", "U1", real.conversationId(), "now scripted", true)
                .orElseThrow();
        run = tracing.begin(RunRequest.of(switched, DECISION));
        assertThat(models.chat(request("now scripted")).model()).isEqualTo(PlaygroundModel.NAME);
        run.end();
        assertThat(models.chat(request("after the run")))
                .extracting(ChatResponse::model)
                .isEqualTo("configured-model");
    }

    @Test
    void the_scripted_model_says_how_much_of_the_conversation_it_was_given() {
        ChatResponse answer = new PlaygroundModel()
                .chat(new ChatRequest(
                        java.util.Optional.empty(),
                        List.of(
                                Message.system("You are Lucy."),
                                Message.user("U1: what is our plan?"),
                                Message.assistant("Ship on Friday."),
                                Message.user("and after that?")),
                        List.of(),
                        dev.lucy.core.model.ToolChoice.AUTO,
                        java.util.OptionalDouble.empty(),
                        java.util.OptionalInt.empty(),
                        false,
                        java.util.Optional.empty()));

        assertThat(answer.message().content())
                .contains(
                        "You said: _and after that?_",
                        "Earlier in this conversation: 1 message and 1 answer",
                        "U1: what is our plan?");
        assertThat(answer.usage().promptTokens()).isPositive();
    }

    private static ChatRequest request(String text) {
        return new ChatRequest(
                java.util.Optional.empty(),
                List.of(Message.user(text)),
                List.of(),
                dev.lucy.core.model.ToolChoice.AUTO,
                java.util.OptionalDouble.empty(),
                java.util.OptionalInt.empty(),
                false,
                java.util.Optional.empty());
    }
}

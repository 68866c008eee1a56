package dev.lucy.testkit.fake;

import static dev.lucy.testkit.fake.ScriptedChatModel.Step.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.fail;
import static dev.lucy.testkit.fake.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {
    private static final ChatRequest HELLO =
            ChatRequest.builder().addMessage(Message.user("hello")).build();

    private static ChatRequest to(String model) {
        return HELLO.toBuilder().model(model).build();
    }

    @Test
    void answers_queued_steps_in_order_and_records_each_request() {
        ScriptedChatModel model = new ScriptedChatModel()
                .thenCall(call("c1", "search", "{\"q\":\"refund\"}"))
                .thenAnswer("Three refunds are open.");

        assertThat(model.chat(HELLO).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(model.chat(HELLO).message().content()).isEqualTo("Three refunds are open.");
        assertThat(model.requests()).hasSize(2);
        assertThat(model.lastRequest()).isEqualTo(HELLO);
        assertThat(model.modelsCalled()).containsExactly(ScriptedChatModel.MODEL, ScriptedChatModel.MODEL);
    }

    @Test
    void a_request_beyond_the_script_fails_the_test_unless_there_is_a_fallback() {
        ScriptedChatModel model = new ScriptedChatModel().thenAnswer("once");
        model.chat(HELLO);

        assertThatThrownBy(() -> model.chat(HELLO))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("more often than scripted");

        model.otherwise(request -> ScriptedChatModel.answer("again"));
        assertThat(model.chat(HELLO).message().content()).isEqualTo("again");
    }

    @Test
    void a_model_script_plays_in_order_and_repeats_its_last_step() {
        ScriptedChatModel model = new ScriptedChatModel()
                .on("primary", fail(new ModelFailure.Overloaded(503)), answer("ok"))
                .on("backup", ScriptedChatModel.Step.echo());

        assertThatThrownBy(() -> model.chat(to("primary")))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.failure()).isEqualTo(new ModelFailure.Overloaded(503)));
        assertThat(model.chat(to("primary")).message().content()).isEqualTo("ok");
        assertThat(model.chat(to("primary")).message().content()).isEqualTo("ok");
        assertThat(model.chat(to("backup")).message().content()).isEqualTo("hello");
        assertThat(model.callsTo("primary")).isEqualTo(3);
        assertThat(model.modelsCalled()).containsExactly("primary", "primary", "primary", "backup");
    }

    @Test
    void streams_what_a_step_streams_and_reports_plain_answers_once() {
        ScriptedChatModel model = new ScriptedChatModel()
                .on(
                        "streamer",
                        ScriptedChatModel.Step.streamThenFail("half an ans", new ModelFailure.StreamBroken("reset")))
                .thenAnswer("whole");
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> model.chat(to("streamer"), deltas::add)).isInstanceOf(ModelException.class);
        assertThat(model.chat(HELLO, deltas::add).usage()).isEqualTo(ScriptedChatModel.USAGE);
        assertThat(deltas).containsExactly("half an ans", "whole");
    }

    @Test
    void a_cut_off_empty_answer_keeps_its_usage() {
        ScriptedChatModel model =
                new ScriptedChatModel().on("small", ScriptedChatModel.Step.emptyLength(new Usage(1, 2)));

        assertThat(model.chat(to("small")))
                .satisfies(r -> assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH))
                .satisfies(r -> assertThat(r.usage()).isEqualTo(new Usage(1, 2)));
    }

    @Test
    void hands_the_tool_results_of_a_request_to_a_step() {
        ScriptedChatModel model = new ScriptedChatModel()
                .then(request -> ScriptedChatModel.answer("found "
                        + ScriptedChatModel.toolResults(request).getFirst().content()));
        ToolCall search = call("c1", "search", "{}");
        ChatRequest withResult = HELLO.toBuilder()
                .addMessage(Message.toolCalls(List.of(search)))
                .addMessage(Message.toolResult(search, "3 tickets"))
                .build();

        assertThat(model.chat(withResult).message().content()).isEqualTo("found 3 tickets");
    }
}

package dev.lucy.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Both sides of the comparison really do the three-turn tool task against the scripted model server. */
@ParameterizedClass
@ValueSource(strings = {"lucy", "langchain4j"})
class BothAgentsTest {
    private static final int CONVERSATIONS = 4;

    @RegisterExtension
    final ModelServerExtension model = new ModelServerExtension();

    @Parameter
    String side;

    /** This side's agent, its model playing {@code task} on the test's own server and calling {@code tools}. */
    private TaskAgent agent(ToolTask task, SimulatedTools tools) {
        model.server().script(task.script());
        return side.equals("lucy")
                ? new LucyTaskAgent(model.baseUrl(), ScriptedModelServer.DEFAULT_MODEL, 16, tools)
                : new LangChain4jTaskAgent(
                        model.baseUrl(), ScriptedModelServer.DEFAULT_MODEL, Duration.ofSeconds(30), tools);
    }

    @Test
    void each_side_calls_both_tools_and_answers_with_what_they_returned(ScriptedModelServer server) throws Exception {
        ToolTask task = new ToolTask(0, 1);
        SimulatedTools tools = new SimulatedTools(Duration.ZERO);
        try (TaskAgent agent = agent(task, tools)) {
            String answer = agent.answer("C1:1", ToolTask.QUESTION);

            assertThat(answer).contains(ToolTask.ORDER_RESULT).contains(ToolTask.SHIPMENT_RESULT);
            assertThat(tools.findOrderCalls()).isEqualTo(1);
            assertThat(tools.trackShipmentCalls()).isEqualTo(1);
            List<ModelRequest> requests = server.requests();
            assertThat(requests).hasSize(ToolTask.MODEL_TURNS);
            assertThat(requests.getFirst().lastUserText()).hasValue(ToolTask.QUESTION);
            assertThat(requests.getFirst().messages().getFirst())
                    .isInstanceOfSatisfying(
                            Message.System.class,
                            system -> assertThat(system.content()).contains(ToolTask.SYSTEM_PROMPT));
            assertThat(requests.getFirst().toolNames()).contains(ToolTask.FIND_ORDER, ToolTask.TRACK_SHIPMENT);
            assertThat(requests.getLast().toolResults())
                    .extracting(Message.Tool::content)
                    .containsExactly(ToolTask.ORDER_RESULT, ToolTask.SHIPMENT_RESULT);
            assertThat(task.replies()).isEqualTo(ToolTask.MODEL_TURNS);
        }
    }

    @Test
    void the_driver_counts_every_concurrent_conversation_answered_correctly(ScriptedModelServer server)
            throws Exception {
        ToolTask task = new ToolTask(0, 1);
        SimulatedTools tools = new SimulatedTools(Duration.ofMillis(5));
        try (TaskAgent agent = agent(task, tools)) {
            ScenarioDriver.Phase phase = new ScenarioDriver(Duration.ofSeconds(60))
                    .run(agent, CONVERSATIONS, "c", ToolTask.QUESTION, ToolTask::correct);

            assertThat(phase.correct()).isEqualTo(CONVERSATIONS);
            assertThat(phase.failed()).isZero();
            assertThat(phase.wrong()).isZero();
            assertThat(phase.sortedLatencyNanos()).hasSize(CONVERSATIONS);
            assertThat(phase.percentileNanos(50))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(10).toNanos());
            assertThat(tools.findOrderCalls()).isEqualTo(CONVERSATIONS);
            assertThat(tools.trackShipmentCalls()).isEqualTo(CONVERSATIONS);
            assertThat(server.requestCount()).isEqualTo(CONVERSATIONS * ToolTask.MODEL_TURNS);
        }
    }

    @Test
    void a_model_that_always_fails_fails_every_task_and_calls_no_tool() throws Exception {
        ToolTask task = new ToolTask(1.0, 1);
        SimulatedTools tools = new SimulatedTools(Duration.ZERO);
        try (TaskAgent agent = agent(task, tools)) {
            ScenarioDriver.Phase phase = new ScenarioDriver(Duration.ofSeconds(60))
                    .run(agent, CONVERSATIONS, "f", ToolTask.QUESTION, ToolTask::correct);

            assertThat(phase.correct()).isZero();
            assertThat(phase.failed()).isEqualTo(CONVERSATIONS);
            assertThat(phase.failures().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(CONVERSATIONS);
            assertThat(tools.findOrderCalls()).isZero();
            assertThat(task.faults()).isEqualTo(CONVERSATIONS);
        }
    }
}

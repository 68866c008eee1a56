package dev.lucy.core.agent;

import static dev.lucy.testkit.fake.ScriptedChatModel.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.call;
import static dev.lucy.testkit.fake.ScriptedChatModel.toolResults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.ScriptedChatModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keeps the embedding example in lucy-core/README.md compiling and true. */
class ReadmeExampleTest {

    @Test
    void the_readme_embedding_example_answers_with_its_tool() {
        ChatModel model = new ScriptedChatModel()
                .thenCall(call("1", "get_time", "{}"))
                .then(request ->
                        answer("It is " + toolResults(request).getFirst().content()));

        // README: Agent
        Agent agent = Agent.builder()
                .model(model) // any ChatModel, e.g. lucy-core's OpenAI-compatible client
                .systemPrompt("You are Lucy, the team's coworker in Slack.")
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(
                                new ToolSpec("get_time", "The time in UTC", "{\"type\":\"object\"}"),
                                (caller, args) ->
                                        ToolResult.success(Instant.now().toString()))
                        .build())
                .build();
        AgentResult result = agent.run(new Caller("T1", "U1", "C1"), "What time is it?");
        System.out.println(result.outcome() + ": " + result.text());
        // README end

        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).startsWith("It is 20");
    }
}

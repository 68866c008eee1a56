package dev.lucy.tools;

import static dev.lucy.tools.SampleTools.answering;
import static dev.lucy.tools.SampleTools.deleteTask;
import static dev.lucy.tools.SampleTools.slowReport;
import static dev.lucy.tools.SampleTools.ticketTool;
import static dev.lucy.tools.SampleTools.weather;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.model.Turn;
import dev.lucy.tools.spi.ToolException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lucy's agent loop with the tool pipeline, as a user notices it: the real {@link Agent} talks to the testkit's
 * scripted OpenAI-compatible server over the real HTTP client, and every tool call runs through
 * {@link PipelineToolExecutor}. Each model turn is a function of the conversation so far, as a real model's is.
 */
class AgentWithToolsEndToEndTest extends ExecutorFixture {
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1700000000.000100");

    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    private final OpenAiCompatibleChatModel client =
            MODEL.client(config -> config.defaultModel("primary").requestTimeout(Duration.ofSeconds(30)));

    @Test
    void a_tool_chosen_by_retrieval_is_called_and_its_result_reaches_the_answer(ScriptedModelServer server) {
        Agent agent = agent(
                2,
                weather("rain"),
                ticketTool(),
                deleteTask(deletions, "task", "remove"),
                answering("list_projects", "List the team's projects with their owners", "[]", "project", "roadmap"),
                answering(
                        "current_time",
                        "The current date and time in a time zone",
                        "\"2026-03-01T09:00:00Z\"",
                        "clock",
                        "date"));
        connections.connectWorkspace("T1", "zendesk");
        server.script(request -> lastToolResult(request)
                .map(result -> (Turn) Reply.text("Lyon today: " + result))
                .orElseGet(() -> Reply.toolCall("get_weather", "{\"city\":\"Lyon\"}")));

        AgentResult result = agent.run(ALICE, "will it rain in Lyon today?");

        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).isEqualTo("Lyon today: {\"city\":\"Lyon\",\"sky\":\"rain\"}");
        List<String> offered = server.requests().getFirst().toolNames();
        // Five tools registered; only the one that matches the request is shown, with the meta-tool for more.
        assertThat(registry.size()).isEqualTo(5);
        assertThat(offered).containsExactly("get_weather", "search_tools");
        assertThat(registry.usage().usage("get_weather").calls()).isEqualTo(1);
    }

    @Test
    void invalid_arguments_are_explained_and_corrected_on_the_next_turn(ScriptedModelServer server) {
        Agent agent = agent(8, weather("rain"));
        server.script(request -> {
            if (request.toolResults().isEmpty()) {
                return Reply.toolCall("get_weather", "{\"town\":\"Paris\"}");
            }
            String last = request.toolResults().getLast().content();
            return last.startsWith("error (invalid_arguments)")
                    ? Reply.toolCall("get_weather", "{\"city\":\"Paris\"}")
                    : Reply.text("Paris: " + last);
        });

        AgentResult result = agent.run(ALICE, "weather in Paris?");

        assertThat(result.text()).isEqualTo("Paris: {\"city\":\"Paris\",\"sky\":\"rain\"}");
        String correction = server.requests().get(1).toolResults().getFirst().content();
        assertThat(correction)
                .startsWith("error (invalid_arguments)")
                .contains("city")
                .contains("town");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void a_missing_connection_is_answered_with_the_connect_link_and_the_tool_works_once_connected(
            ScriptedModelServer server) {
        Agent agent = agent(8, weather("rain"), ticketTool());
        server.script(request -> {
            if (request.offersTool("zendesk_get_ticket")) {
                return lastToolResult(request)
                        .map(result -> (Turn) Reply.text("Ticket: " + result))
                        .orElseGet(() -> Reply.toolCall("zendesk_get_ticket", "{\"id\":42}"));
            }
            return lastToolResult(request)
                    .map(result -> (Turn) Reply.text("I can see Zendesk tickets once you connect it. Found: " + result))
                    .orElseGet(() -> Reply.toolCall("search_tools", "{\"query\":\"support ticket\"}"));
        });

        AgentResult before = agent.run(ALICE, "show me support ticket 42");

        assertThat(server.requests().getFirst().toolNames()).doesNotContain("zendesk_get_ticket");
        String seen = server.requests().get(1).toolResults().getFirst().content();
        assertThat(seen).contains("\"connect_url\":\"https://lucy.test/connect/zendesk\"");
        assertThat(before.text()).contains("https://lucy.test/connect/zendesk");

        connections.connectWorkspace("T1", "zendesk");
        AgentResult after = agent.run(ALICE, "show me support ticket 42");

        assertThat(after.text()).isEqualTo("Ticket: {\"id\":42,\"status\":\"open\"}");
    }

    @Test
    void a_failing_provider_opens_its_breaker_and_the_model_is_told_it_is_unavailable(ScriptedModelServer server) {
        AtomicInteger attempts = new AtomicInteger();
        Tool status = Tool.builder("flaky_status")
                .description("Status of the flaky billing service")
                .provider("flaky")
                .schema("{\"type\":\"object\",\"properties\":{\"account\":{\"type\":\"integer\"}},"
                        + "\"required\":[\"account\"]}")
                .tags("billing", "status")
                .handler((caller, args) -> {
                    attempts.incrementAndGet();
                    throw new ToolException(dev.lucy.core.spi.ToolError.RETRYABLE, "flaky answered 503");
                })
                .build();
        Agent agent = agent(8, status);
        connections.connectWorkspace("T1", "flaky");
        server.script(request -> {
            List<Message.Tool> results = request.toolResults();
            if (!results.isEmpty() && results.getLast().content().startsWith("error (unavailable)")) {
                return Reply.text(
                        "Billing is unavailable right now: " + results.getLast().content());
            }
            // A different account each time, so the loop's repetition guard stays out of the way.
            return Reply.toolCall("flaky_status", "{\"account\":" + results.size() + "}");
        });

        AgentResult result = agent.run(ALICE, "what is the billing status of my accounts?");

        assertThat(result.text())
                .startsWith("Billing is unavailable right now: error (unavailable)")
                .contains("Do not retry");
        assertThat(server.requestCount()).isEqualTo(7); // five failing calls, the refused sixth, the answer
        assertThat(attempts).hasValue(15); // five calls tried three times each; the sixth never reached flaky
        assertThat(waits).hasSize(10);
    }

    @Test
    void a_slow_tool_is_cut_at_its_budget_and_the_model_is_told(ScriptedModelServer server) throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Agent agent = agent(8, slowReport("The quarterly sales report", interrupted, "sales", "report"));
        server.script(request -> lastToolResult(request)
                .map(result -> (Turn) Reply.text("The report did not come back: " + result))
                .orElseGet(() -> Reply.toolCall("slow_report", "{}")));

        AgentResult result = agent.run(ALICE, "give me the quarterly sales report");

        assertThat(result.text()).startsWith("The report did not come back: error (timed_out)");
        assertThat(result.text()).contains("200 ms").doesNotContain("late");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_destructive_call_waits_for_approval_and_runs_once_approved(ScriptedModelServer server) throws Exception {
        BlockingQueue<AgentResult> results = deleteTask7(server);
        ApprovalRequest asked = awaitApprovalRequest();

        assertThat(asked.arguments()).isEqualTo("{\"id\":7}");
        assertThat(deletions).hasValue(0);
        assertThat(results).isEmpty();
        assertThat(gate.decide(asked.id(), ApprovalDecision.approve("U-bob"))).isTrue();
        AgentResult result = results.poll(10, TimeUnit.SECONDS);

        assertThat(result).isNotNull();
        assertThat(result.text()).isEqualTo("Done: {\"deleted\":7}");
        assertThat(deletions).hasValue(1);
        assertThat(port.closed).containsExactly(ApprovalOutcome.APPROVED);
    }

    @Test
    void an_approval_given_after_the_runs_own_time_would_have_run_out_still_runs_the_call(ScriptedModelServer server)
            throws Exception {
        Agent agent = Agent.builder()
                .model(client)
                .tools(executor(b -> b, deleteTask(deletions, "task", "remove")))
                .config(AgentConfig.builder()
                        .wallClockBudget(Duration.ofMinutes(3))
                        .build())
                .clock(clock)
                .build();
        server.script(answerWithToolResultOr("delete_task", "{\"id\":7}"));
        BlockingQueue<AgentResult> results = runAsync(agent, "delete task 7");
        ApprovalRequest asked = awaitApprovalRequest();

        clock.advance(Duration.ofMinutes(8)); // the person answers after eight of the approval's ten minutes
        assertThat(gate.decide(asked.id(), ApprovalDecision.approve("U-alice"))).isTrue();
        AgentResult result = results.poll(10, TimeUnit.SECONDS);

        assertThat(result).isNotNull();
        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).isEqualTo("Done: {\"deleted\":7}");
        assertThat(deletions).hasValue(1);
    }

    @Test
    void a_cancelled_destructive_call_does_not_run_and_the_run_ends_cleanly(ScriptedModelServer server)
            throws Exception {
        BlockingQueue<AgentResult> results = deleteTask7(server);
        ApprovalRequest asked = awaitApprovalRequest();
        gate.decide(asked.id(), ApprovalDecision.cancel("U-alice"));
        AgentResult result = results.poll(10, TimeUnit.SECONDS);

        assertThat(result).isNotNull();
        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).startsWith("Done: error (not_approved)").contains("cancelled");
        assertThat(deletions).hasValue(0);
    }

    @Test
    void an_expired_destructive_call_does_not_run_even_if_approved_late(ScriptedModelServer server) throws Exception {
        BlockingQueue<AgentResult> results = deleteTask7(server);
        ApprovalRequest asked = awaitApprovalRequest();
        clock.advance(Duration.ofMinutes(11));
        assertThat(gate.expireDue()).isEqualTo(1);
        AgentResult result = results.poll(10, TimeUnit.SECONDS);

        assertThat(result).isNotNull();
        assertThat(result.text()).startsWith("Done: error (not_approved)");
        assertThat(gate.decide(asked.id(), ApprovalDecision.approve("U-late"))).isFalse();
        assertThat(deletions).hasValue(0);
        assertThat(port.closed).containsExactly(ApprovalOutcome.EXPIRED);
    }

    @Test
    void an_mcp_tool_is_retrieved_and_called_through_the_agent(ScriptedModelServer server) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try (McpToolProvider mcp = McpToolProvider.stdio(
                "weather",
                List.of(java, "-cp", System.getProperty("java.class.path"), SmallMcpServer.class.getName()),
                Duration.ofSeconds(30))) {
            Agent agent = agent(1, mcp.tools().toArray(Tool[]::new));
            connections.connectWorkspace("T1", "weather");
            server.script(request -> lastToolResult(request)
                    .map(result -> (Turn) Reply.text("Forecast: " + result))
                    .orElseGet(() -> Reply.toolCall("weather_get_forecast", "{\"city\":\"Oslo\"}")));

            AgentResult result = agent.run(ALICE, "what's the weather forecast for Oslo?");

            assertThat(server.requests().getFirst().toolNames())
                    .containsExactly("weather_get_forecast", "search_tools");
            assertThat(result.text()).isEqualTo("Forecast: Sunny in Oslo, 21 C");
        }
    }

    private Agent agent(int topK, Tool... tools) {
        return Agent.builder()
                .model(client)
                .tools(executor(b -> b.topK(topK), tools))
                .systemPrompt("You are Lucy.")
                .build();
    }

    private static java.util.Optional<String> lastToolResult(ModelRequest request) {
        List<Message.Tool> results = request.toolResults();
        return results.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(results.getLast().content());
    }

    private static dev.lucy.testkit.model.Script answerWithToolResultOr(String tool, String arguments) {
        return request -> lastToolResult(request)
                .map(result -> (Turn) Reply.text("Done: " + result))
                .orElseGet(() -> Reply.toolCall(tool, arguments));
    }

    /** Asks the agent to delete task 7, the model calling {@code delete_task}; the run waits for approval. */
    private BlockingQueue<AgentResult> deleteTask7(ScriptedModelServer server) {
        Agent agent = agent(8, deleteTask(deletions, "task", "remove"), weather("rain"));
        server.script(answerWithToolResultOr("delete_task", "{\"id\":7}"));
        return runAsync(agent, "delete task 7");
    }

    private ApprovalRequest awaitApprovalRequest() throws InterruptedException {
        ApprovalRequest asked = port.asked.poll(10, TimeUnit.SECONDS);
        assertThat(asked).as("an approval request").isNotNull();
        return asked;
    }

    private static BlockingQueue<AgentResult> runAsync(Agent agent, String message) {
        BlockingQueue<AgentResult> results = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> results.add(agent.run(AgentRequest.of(ALICE, message))));
        return results;
    }
}

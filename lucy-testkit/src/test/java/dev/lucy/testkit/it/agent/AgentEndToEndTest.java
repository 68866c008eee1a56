package dev.lucy.testkit.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Cancellation;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.agent.ToolCallRecord;
import dev.lucy.core.model.CircuitState;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.model.ResilientChatModel;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent loop over the real HTTP model client and its resilient layer, against the testkit's scripted
 * OpenAI-compatible server (which, like OpenAI, refuses a conversation whose tool calls and results do not pair).
 */
class AgentEndToEndTest {
    static final Caller CALLER = new Caller("T1", "U1", "C1:1700000000.000100");
    static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}";

    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    private final ManualClock time = ManualClock.create();
    private final AtomicInteger searches = new AtomicInteger();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private OpenAiCompatibleChatModel client;

    @BeforeEach
    void connect(ScriptedModelServer server) {
        client = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl(server.baseUrl())
                .noApiKey()
                .defaultModel("primary")
                .requestTimeout(Duration.ofSeconds(30))
                .build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private HandlerToolExecutor tools() {
        return HandlerToolExecutor.builder()
                .readOnlyTool(new ToolSpec("search", "Searches the team's documents", SCHEMA), (caller, args) -> {
                    searches.incrementAndGet();
                    return ToolResult.success(
                            "3 documents about " + args.path("q").asText());
                })
                .build();
    }

    private ResilientChatModel resilient(ResilienceConfig.Builder config) {
        return ResilientChatModel.builder(client)
                .config(config.tier(ModelTier.DEFAULT, "primary", "backup").build())
                .clock(time)
                .sleeper(time)
                .build();
    }

    private Agent.Builder agent() {
        return Agent.builder()
                .model(resilient(ResilienceConfig.builder()))
                .tools(tools())
                .systemPrompt("You are Lucy.")
                .clock(time);
    }

    private AgentResult run(Agent agent, String message) {
        return agent.run(
                AgentRequest.builder(CALLER, message).observer(events::add).build());
    }

    private <T extends AgentEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void a_tool_round_trip_streams_the_answer_and_pairs_every_result_with_its_call(ScriptedModelServer server) {
        server.enqueue(
                Reply.toolCall("search", "{\"q\":\"holidays\"}"),
                Reply.text("The handbook has three documents about holidays."));

        AgentResult result = run(agent().build(), "where is the holiday policy?");

        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).isEqualTo("The handbook has three documents about holidays.");
        assertThat(eventsOf(AgentEvent.TextDelta.class)).hasSizeGreaterThan(1);
        ModelRequest second = server.requests().get(1);
        assertThat(second.toolResults())
                .singleElement()
                .satisfies(tool -> assertThat(tool.content()).isEqualTo("3 documents about holidays"));
        assertThat(second.messages().getFirst()).isEqualTo(Message.system("You are Lucy."));
        assertThat(result.usage().totalTokens()).isPositive();
    }

    @Test
    void an_endless_identical_tool_call_ends_with_a_real_answer(ScriptedModelServer server) {
        server.script(request -> request.toolNames().isEmpty()
                ? Reply.text("From what I found: three documents about refunds.")
                : Reply.toolCall("search", "{\"q\":\"refunds\"}"));

        AgentResult result = run(agent().build(), "what about refunds?");

        assertThat(result.outcome()).isEqualTo(new Outcome.Answered());
        assertThat(result.text()).isEqualTo("From what I found: three documents about refunds.");
        assertThat(searches).hasValue(AgentConfig.DEFAULT_LOOP_THRESHOLD);
        assertThat(eventsOf(AgentEvent.LoopDetected.class))
                .extracting(AgentEvent.LoopDetected::action)
                .containsExactly(AgentEvent.LoopAction.WARNED, AgentEvent.LoopAction.WITHDRAWN);
        assertThat(server.requestCount()).isEqualTo(5);
    }

    @Test
    void malformed_json_arguments_are_corrected_on_the_next_turn(ScriptedModelServer server) {
        server.enqueue(Reply.malformedToolCall("search"));
        server.script(request -> {
            List<Message.Tool> results = request.toolResults();
            Message.Tool last = results.getLast();
            return last.content().startsWith("error (invalid_arguments)")
                    ? Reply.toolCall("search", "{\"q\":\"expenses\"}")
                    : Reply.text("Found " + last.content());
        });

        AgentResult result = run(agent().build(), "expense policy?");

        assertThat(result.text()).isEqualTo("Found 3 documents about expenses");
        assertThat(result.stats().invalidArgumentCalls()).isEqualTo(1);
        assertThat(server.requests().get(1).toolResults().getFirst().content()).contains("not valid JSON");
        assertThat(searches).hasValue(1);
    }

    @Test
    void an_unknown_tool_is_answered_with_the_closest_names(ScriptedModelServer server) {
        server.enqueue(Reply.toolCall("serch", "{\"q\":\"x\"}"));
        server.script(
                request -> Reply.text("Told: " + request.toolResults().getLast().content()));

        AgentResult result = run(agent().build(), "search x");

        assertThat(result.text()).contains("no tool named 'serch'").contains("closest tools are: search");
        assertThat(result.toolCalls())
                .extracting(ToolCallRecord::disposition)
                .containsExactly(ToolCallRecord.Disposition.UNKNOWN_TOOL);
    }

    @Test
    void a_429_with_retry_after_2_waits_two_seconds_then_answers(ScriptedModelServer server) {
        server.enqueue(Fault.rateLimited(Duration.ofSeconds(2)), Reply.text("made it"));

        AgentResult result = run(agent().build(), "hello");

        assertThat(result.text()).isEqualTo("made it");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(server.requests()).extracting(ModelRequest::model).containsExactly("primary", "primary");
    }

    @Test
    void an_empty_answer_cut_off_by_length_falls_back_to_the_next_model(ScriptedModelServer server) {
        server.model("primary").enqueue(Reply.truncated());
        server.model("backup").enqueue(Reply.text("the backup answers"));

        AgentResult result = run(agent().build(), "summarise the thread");

        assertThat(result.text()).isEqualTo("the backup answers");
        assertThat(eventsOf(AgentEvent.ModelFallback.class))
                .containsExactly(new AgentEvent.ModelFallback(1, "primary", "backup"));
    }

    @Test
    void a_dead_primary_opens_its_breaker_and_later_recovers(ScriptedModelServer server) {
        server.model("primary").failWith(Fault.serviceUnavailable());
        server.model("backup").script(request -> Reply.text("backup"));
        ResilientChatModel model = resilient(ResilienceConfig.builder()
                .maxAttemptsPerModel(2)
                .slidingWindowSize(4)
                .minimumCalls(4)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenCalls(1));
        Agent agent = agent().model(model).build();

        assertThat(run(agent, "q0").text()).isEqualTo("backup");
        assertThat(run(agent, "q1").text()).isEqualTo("backup");
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.OPEN);
        long primaryCalls = countRequestsFor(server, "primary");

        assertThat(run(agent, "q2").text()).isEqualTo("backup");
        assertThat(countRequestsFor(server, "primary"))
                .as("an open breaker fails fast")
                .isEqualTo(primaryCalls);

        server.model("primary").recover();
        server.model("primary").script(request -> Reply.text("primary is back"));
        time.advance(Duration.ofSeconds(31));

        assertThat(run(agent, "q3").text()).isEqualTo("primary is back");
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void context_too_long_from_the_server_compacts_harder_and_retries_once(ScriptedModelServer server) {
        server.enqueue(Fault.contextLengthExceeded(), Reply.text("it fits now"));
        String older = "an older message with plenty of detail ".repeat(300);
        Agent agent = agent().config(AgentConfig.builder()
                        .contextBudgetTokens(8_000)
                        .contextContributionTokens(500)
                        .keepLatestMessages(1)
                        .build())
                .build();

        AgentResult result = agent.run(AgentRequest.builder(CALLER, "summarise")
                .history(List.of(
                        Message.user("first request"),
                        Message.assistant(older),
                        Message.user("follow-up"),
                        Message.assistant(older)))
                .build());

        assertThat(result.text()).isEqualTo("it fits now");
        assertThat(server.requests().get(1).messages().size())
                .isLessThan(server.requests().get(0).messages().size());
        assertThat(server.requests().get(1).lastUserText()).hasValue("summarise");
    }

    @Test
    void cancelling_a_run_interrupts_the_model_call_in_flight(ScriptedModelServer server) throws Exception {
        server.enqueue(Fault.noAnswer());
        Cancellation cancellation = Cancellation.create();
        Agent agent = Agent.builder().model(client).build();
        AgentResult[] result = new AgentResult[1];

        Thread runner = Thread.ofVirtual()
                .start(() -> result[0] = agent.run(AgentRequest.builder(CALLER, "hi")
                        .cancellation(cancellation)
                        .build()));
        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        cancellation.cancel();
        runner.join(Duration.ofSeconds(10));

        assertThat(runner.isAlive()).isFalse();
        assertThat(result[0].outcome()).isEqualTo(new Outcome.Cancelled());
    }

    @Test
    void a_model_that_never_answers_ends_in_a_timeout_at_the_wall_clock_budget(ScriptedModelServer server) {
        server.enqueue(Fault.noAnswer());
        Agent agent = Agent.builder()
                .model(client)
                .config(AgentConfig.builder()
                        .wallClockBudget(Duration.ofMillis(300))
                        .build())
                .build();

        AgentResult result = agent.run(CALLER, "hi");

        assertThat(result.outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(300)));
    }

    private static long countRequestsFor(ScriptedModelServer server, String model) {
        return server.requests().stream().filter(r -> r.model().equals(model)).count();
    }
}

package dev.lucy.testkit.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.CircuitState;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.model.ResilientChatModel;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The model client and its resilient layer against the testkit's scripted OpenAI-compatible server. */
class ModelClientEndToEndTest {
    private static final String KEY = "sk-lucy-e2e-0123456789";
    private static final ToolSpec SEARCH = new ToolSpec(
            "search",
            "Searches the team's documents",
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}");

    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    private final ManualClock time = ManualClock.create();
    private final List<ModelEvent> events = new CopyOnWriteArrayList<>();
    private OpenAiCompatibleChatModel client;

    @BeforeEach
    void connect(ScriptedModelServer server) {
        client = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .defaultModel("primary")
                .requestTimeout(Duration.ofSeconds(20))
                .build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private ResilientChatModel resilient(ResilienceConfig.Builder config) {
        return ResilientChatModel.builder(client)
                .config(config.tier(ModelTier.DEFAULT, "primary", "backup").build())
                .clock(time)
                .sleeper(time)
                .listener(events::add)
                .build();
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.builder().addMessage(Message.user(text)).build();
    }

    private static ModelFailure failureOf(Throwable t) {
        return ((ModelException) t).failure();
    }

    private static List<String> modelsAsked(ScriptedModelServer server) {
        return server.requests().stream().map(ModelRequest::model).toList();
    }

    @Test
    void streams_text_to_the_listener_piece_by_piece(ScriptedModelServer server) {
        String answer = "Lucy is a coworker who lives in your Slack workspace and answers questions.";
        server.enqueue(Reply.text(answer));
        List<String> deltas = new ArrayList<>();

        ChatResponse r = client.chat(ask("who is lucy?"), deltas::add);

        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(answer);
        assertThat(r.message().content()).isEqualTo(answer);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().completionTokens()).isPositive();
        assertThat(server.lastRequest().orElseThrow().stream()).isTrue();
        assertThat(server.lastRequest().orElseThrow().header("authorization")).hasValue("Bearer " + KEY);
    }

    @Test
    void streamed_parallel_tool_calls_are_assembled_and_their_results_accepted(ScriptedModelServer server) {
        server.enqueue(
                Reply.toolCalls(
                        new ToolCall("call_a", "search", "{\"q\":\"holiday policy\"}"),
                        new ToolCall("call_b", "search", "{\"q\":\"expense policy, travel and meals\"}")),
                Reply.text("Both policies are in the handbook."));
        ChatRequest first = ChatRequest.builder()
                .addMessage(Message.user("find both policies"))
                .tools(List.of(SEARCH))
                .build();

        ChatResponse calls = client.chat(first, delta -> {});

        assertThat(calls.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(calls.message().toolCalls())
                .containsExactly(
                        new ToolCall("call_a", "search", "{\"q\":\"holiday policy\"}"),
                        new ToolCall("call_b", "search", "{\"q\":\"expense policy, travel and meals\"}"));
        assertThat(server.lastRequest().orElseThrow().offersTool("search")).isTrue();

        // The server refuses, as OpenAI does, a conversation whose tool results do not pair with the calls.
        ChatRequest second = first.toBuilder()
                .addMessage(calls.message())
                .addMessage(Message.toolResult(calls.message().toolCalls().get(0), "20 days"))
                .addMessage(Message.toolResult(calls.message().toolCalls().get(1), "receipts needed"))
                .build();
        ChatResponse answer = client.chat(second);

        assertThat(answer.message().content()).isEqualTo("Both policies are in the handbook.");
        assertThat(server.lastRequest().orElseThrow().toolResults()).hasSize(2);
    }

    @Test
    void a_429_with_retry_after_2_waits_two_seconds_then_succeeds(ScriptedModelServer server) {
        server.enqueue(Fault.rateLimited(Duration.ofSeconds(2)), Reply.text("made it"));

        ChatResponse r = resilient(ResilienceConfig.builder()).chat(ask("hello"));

        assertThat(r.message().content()).isEqualTo("made it");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(modelsAsked(server)).containsExactly("primary", "primary");
    }

    @Test
    void an_empty_answer_cut_off_by_length_falls_back_to_the_next_model(ScriptedModelServer server) {
        server.model("primary").enqueue(Reply.truncated());
        server.model("backup").enqueue(Reply.text("the backup answers"));

        ChatResponse r = resilient(ResilienceConfig.builder()).chat(ask("summarise the thread"), delta -> {});

        assertThat(r.message().content()).isEqualTo("the backup answers");
        assertThat(r.model()).isEqualTo("backup");
        assertThat(modelsAsked(server)).containsExactly("primary", "backup");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ModelEvent.FallingBack.class));
    }

    @Test
    void a_dead_primary_opens_its_breaker_then_recovers_by_itself(ScriptedModelServer server) {
        server.model("primary").failWith(Fault.serviceUnavailable());
        server.model("backup").enqueue(Reply.text("backup"));
        ResilientChatModel model = resilient(ResilienceConfig.builder()
                .maxAttemptsPerModel(2)
                .slidingWindowSize(4)
                .minimumCalls(4)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenCalls(1));

        for (int i = 0; i < 2; i++) {
            assertThat(model.chat(ask("q" + i)).model()).isEqualTo("backup");
        }
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.OPEN);
        int primaryCalls =
                (int) modelsAsked(server).stream().filter("primary"::equals).count();
        assertThat(primaryCalls).isEqualTo(4);

        // Open: the dead primary is not called at all.
        assertThat(model.chat(ask("q2")).model()).isEqualTo("backup");
        assertThat(modelsAsked(server).stream().filter("primary"::equals)).hasSize(primaryCalls);

        server.model("primary").recover();
        time.advance(Duration.ofSeconds(31));

        assertThat(model.chat(ask("q3")).model()).isEqualTo("primary");
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void a_burst_beyond_the_rate_budget_queues_instead_of_earning_429s(ScriptedModelServer server) {
        ResilientChatModel model =
                resilient(ResilienceConfig.builder().budget("primary", ResilienceConfig.Budget.perMinute(3, 0)));

        for (int i = 0; i < 5; i++) {
            assertThat(model.chat(ask("burst " + i)).message().content()).isEqualTo("You said: burst " + i);
        }

        // Three go at once; the fourth and fifth each wait for one request's refill (60 s / 3).
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(modelsAsked(server)).containsOnly("primary").hasSize(5);
    }

    @Test
    void an_auth_failure_is_not_retried_and_never_shows_the_key(ScriptedModelServer server) {
        server.enqueue(Fault.unauthorized());

        assertThatThrownBy(() -> resilient(ResilienceConfig.builder()).chat(ask("hello")))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.failure()).isEqualTo(new ModelFailure.AuthFailed(401));
                    assertThat(e.getMessage()).doesNotContain(KEY);
                    assertThat(e.retriable()).isFalse();
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void context_too_long_is_surfaced_typed_for_the_caller_to_compact(ScriptedModelServer server) {
        server.enqueue(Fault.contextLengthExceeded());

        assertThatThrownBy(() -> resilient(ResilienceConfig.builder()).chat(ask("a very long thread")))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.ContextTooLong.class));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_connection_reset_is_typed_and_the_resilient_layer_tries_again(ScriptedModelServer server) {
        server.enqueue(Fault.connectionReset());

        assertThatThrownBy(() -> client.chat(ask("hello")))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.ConnectionFailed.class));

        server.enqueue(Fault.connectionReset(), Reply.text("second try"));
        assertThat(resilient(ResilienceConfig.builder())
                        .chat(ask("hello"))
                        .message()
                        .content())
                .isEqualTo("second try");
        assertThat(time.sleeps()).hasSize(1);
    }

    @Test
    void a_stream_dropped_after_200_is_typed_broken_and_keeps_what_arrived(ScriptedModelServer server) {
        server.enqueue(Fault.streamDropped("The first half of"));
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> client.chat(ask("hello"), deltas::add))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.StreamBroken.class));
        assertThat(String.join("", deltas)).isEqualTo("The first half of");
    }

    @Test
    void an_error_event_mid_stream_is_typed_and_not_repeated_to_the_listener(ScriptedModelServer server) {
        server.enqueue(Fault.streamError("Partial"), Reply.text("never seen"));
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> resilient(ResilienceConfig.builder()).chat(ask("hello"), deltas::add))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.StreamBroken.class));
        assertThat(String.join("", deltas)).isEqualTo("Partial");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void a_server_that_never_answers_times_out_typed(ScriptedModelServer server) {
        server.enqueue(Fault.noAnswer());
        OpenAiCompatibleChatModel impatient = OpenAiCompatibleChatModel.create(client.config().toBuilder()
                .requestTimeout(Duration.ofMillis(500))
                .build());

        try (impatient) {
            assertThatThrownBy(() -> impatient.chat(ask("hello")))
                    .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.TimedOut.class));
        }
    }

    @Test
    void malformed_tool_arguments_reach_the_caller_verbatim_for_the_loop_to_correct(ScriptedModelServer server) {
        server.enqueue(Reply.malformedToolCall("search"), Reply.malformedToolCall("search"));
        ChatRequest request = ChatRequest.builder()
                .addMessage(Message.user("search"))
                .tools(List.of(SEARCH))
                .build();

        ToolCall streamed = client.chat(request, d -> {}).message().toolCalls().getFirst();
        ToolCall plain = client.chat(request).message().toolCalls().getFirst();

        assertThat(streamed.arguments()).isEqualTo(Reply.MALFORMED_ARGUMENTS);
        assertThat(plain.arguments()).isEqualTo(Reply.MALFORMED_ARGUMENTS);
        assertThat(streamed.name()).isEqualTo("search");
    }

    @Test
    void a_stream_that_stalls_beyond_the_idle_timeout_is_typed(ScriptedModelServer server) {
        server.enqueue(Reply.text("one two three four five six seven eight nine ten")
                .withChunkSize(4)
                .streamedSlowly(Duration.ofSeconds(30)));
        OpenAiCompatibleChatModel impatient = OpenAiCompatibleChatModel.create(client.config().toBuilder()
                .streamIdleTimeout(Duration.ofMillis(300))
                .build());

        try (impatient) {
            assertThatThrownBy(() -> impatient.chat(ask("count"), d -> {}))
                    .satisfies(
                            t -> assertThat(failureOf(t)).isEqualTo(new ModelFailure.TimedOut(Duration.ofMillis(300))));
        }
    }

    @Test
    void interrupting_a_waiting_call_cancels_it_promptly(ScriptedModelServer server) throws Exception {
        server.enqueue(Fault.noAnswer());
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                resilient(ResilienceConfig.builder()).chat(ask("hello"), d -> {});
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        });

        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
        assertThat(thrown)
                .singleElement()
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.Cancelled.class));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void many_concurrent_calls_each_get_their_own_answer_within_the_connection_cap(ScriptedModelServer server)
            throws Exception {
        int cap = 16;
        OpenAiCompatibleChatModel capped = OpenAiCompatibleChatModel.create(
                client.config().toBuilder().maxConcurrentRequests(cap).build());
        ChatModel model = ResilientChatModel.builder(capped)
                .config(ResilienceConfig.builder()
                        .tier(ModelTier.DEFAULT, "primary", "backup")
                        .build())
                .clock(time)
                .sleeper(time)
                .build();
        List<Future<ChatResponse>> answers = new ArrayList<>();

        try (capped;
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                ChatRequest request = ask("question " + i);
                boolean stream = i % 2 == 0;
                answers.add(threads.submit(() -> stream ? model.chat(request, d -> {}) : model.chat(request)));
            }
            for (int i = 0; i < 400; i++) {
                assertThat(answers.get(i).get().message().content()).isEqualTo("You said: question " + i);
            }
        }

        assertThat(server.requestCount()).isEqualTo(400);
        assertThat(server.peakOpenRequests()).isLessThanOrEqualTo(cap);
    }
}

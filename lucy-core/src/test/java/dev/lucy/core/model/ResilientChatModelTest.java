package dev.lucy.core.model;

import static dev.lucy.testkit.fake.ScriptedChatModel.Step.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.echo;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.emptyLength;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.fail;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.ManualClock;
import dev.lucy.testkit.fake.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ResilientChatModelTest {
    private static final ChatRequest HELLO =
            ChatRequest.builder().addMessage(Message.user("hello")).build();

    private final ManualClock time = ManualClock.create();
    private final ScriptedChatModel endpoint = new ScriptedChatModel();
    private final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    private ResilienceConfig.Builder config() {
        return ResilienceConfig.builder()
                .tier(ModelTier.DEFAULT, "primary", "backup")
                .tier(ModelTier.FAST, "small")
                .tier(ModelTier.FRONTIER, List.of())
                .jitter(0);
    }

    private ResilientChatModel model(ResilienceConfig config) {
        return ResilientChatModel.builder(endpoint)
                .config(config)
                .clock(time)
                .sleeper(time)
                .listener(events::add)
                .build();
    }

    private static ModelFailure failureOf(Throwable t) {
        return ((ModelException) t).failure();
    }

    @Test
    void waits_the_retry_after_the_provider_asks_for_then_succeeds() {
        endpoint.on("primary", fail(new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(2)))), answer("ok"));

        ChatResponse r = model(config().build()).chat(HELLO);

        assertThat(r.message().content()).isEqualTo("ok");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary");
        assertThat(events)
                .containsExactly(new ModelEvent.Retrying(
                        "primary",
                        1,
                        new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(2))),
                        Duration.ofSeconds(2)));
    }

    @Test
    void a_retry_after_beyond_the_cap_moves_to_the_next_model_without_waiting() {
        endpoint.on("primary", fail(new ModelFailure.RateLimited(Optional.of(Duration.ofMinutes(5)))));
        endpoint.on("backup", answer("from backup"));

        ChatResponse r =
                model(config().maxRetryAfter(Duration.ofSeconds(30)).build()).chat(HELLO);

        assertThat(r.message().content()).isEqualTo("from backup");
        assertThat(time.sleeps()).isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(ModelEvent.FallingBack.class, e -> {
            assertThat(e.model()).isEqualTo("primary");
            assertThat(e.nextModel()).isEqualTo("backup");
            assertThat(e.failure()).containsInstanceOf(ModelFailure.RateLimited.class);
        });
    }

    @Test
    void backs_off_exponentially_on_overload_then_falls_back_after_the_attempts() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("backup", answer("ok"));

        ChatResponse r = model(config().initialBackoff(Duration.ofMillis(500))
                        .maxAttemptsPerModel(3)
                        .build())
                .chat(HELLO);

        assertThat(r.message().content()).isEqualTo("ok");
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary", "primary", "backup");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void backoff_is_capped_and_jitter_takes_at_most_its_share_off() {
        RandomGenerator highest = () -> -1L;
        ResilientChatModel model = ResilientChatModel.builder(endpoint)
                .config(config().initialBackoff(Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(4))
                        .jitter(0.5)
                        .build())
                .clock(time)
                .sleeper(time)
                .random(highest)
                .build();

        assertThat(model.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(501));
        assertThat(model.backoff(10)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2001));
        ResilientChatModel noJitter = model(config().initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(4))
                .build());
        assertThat(noJitter.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.backoff(10)).isEqualTo(Duration.ofSeconds(4));
        ResilientChatModel defaultRandom =
                model(config().initialBackoff(Duration.ofSeconds(1)).jitter(0.5).build());
        for (int i = 0; i < 100; i++) {
            assertThat(defaultRandom.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        }
    }

    @Test
    void timeouts_connection_failures_and_broken_streams_are_retried_on_the_same_model() {
        endpoint.on(
                "primary",
                fail(new ModelFailure.TimedOut(Duration.ofSeconds(1))),
                fail(new ModelFailure.ConnectionFailed("reset")),
                answer("third time"));

        ChatResponse r = model(config().build()).chat(HELLO);

        assertThat(r.message().content()).isEqualTo("third time");
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary", "primary");
    }

    @Test
    void auth_failures_bad_requests_and_content_filters_are_never_retried_nor_sent_elsewhere() {
        for (ModelFailure failure : List.of(
                new ModelFailure.AuthFailed(401),
                new ModelFailure.BadRequest(400, "bad"),
                new ModelFailure.ContentFiltered("no"))) {
            ScriptedChatModel fresh =
                    new ScriptedChatModel().on("primary", fail(failure)).on("backup", answer("x"));
            ResilientChatModel model = ResilientChatModel.builder(fresh)
                    .config(config().build())
                    .clock(time)
                    .sleeper(time)
                    .build();

            assertThatThrownBy(() -> model.chat(HELLO))
                    .satisfies(t -> assertThat(failureOf(t)).isEqualTo(failure));
            assertThat(fresh.modelsCalled()).containsExactly("primary");
        }
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void context_too_long_is_surfaced_typed_so_the_caller_can_compact_and_retry() {
        endpoint.on("primary", fail(new ModelFailure.ContextTooLong("8192 tokens")));
        endpoint.on("backup", answer("x"));

        assertThatThrownBy(() -> model(config().build()).chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.ContextTooLong.class));
        assertThat(endpoint.modelsCalled()).containsExactly("primary");
    }

    @Test
    void an_empty_answer_cut_off_by_length_falls_back_to_the_next_model_and_counts_its_tokens() {
        endpoint.on("primary", emptyLength(new Usage(100, 2000)));
        endpoint.on("backup", answer("a real answer", new Usage(100, 20)));

        ChatResponse r = model(config().build()).chat(HELLO);

        assertThat(r.message().content()).isEqualTo("a real answer");
        assertThat(r.model()).isEqualTo("backup");
        assertThat(r.usage()).isEqualTo(new Usage(200, 2020));
        assertThat(events).singleElement().isInstanceOfSatisfying(ModelEvent.FallingBack.class, e -> {
            assertThat(e.failure()).isEmpty();
            assertThat(e.reason()).contains("length");
        });
    }

    @Test
    void an_empty_answer_from_the_last_model_is_returned_as_it_is() {
        endpoint.on("small", emptyLength(new Usage(1, 2)));

        ChatResponse r = model(config().build()).tier(ModelTier.FAST).chat(HELLO);

        assertThat(r.isEmpty()).isTrue();
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void when_every_model_fails_the_last_failure_is_thrown() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(502)));
        endpoint.on("backup", fail(new ModelFailure.ConnectionFailed("refused")));

        assertThatThrownBy(() -> model(config().maxAttemptsPerModel(1).build()).chat(HELLO))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.model()).isEqualTo("backup");
                    assertThat(e.failure()).isInstanceOf(ModelFailure.ConnectionFailed.class);
                });
    }

    @Test
    void a_dead_primary_opens_its_breaker_fails_fast_and_recovers_by_itself() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("backup", answer("backup answers"));
        ResilientChatModel model = model(config().maxAttemptsPerModel(1)
                .slidingWindowSize(4)
                .minimumCalls(4)
                .openDuration(Duration.ofSeconds(30))
                .halfOpenCalls(1)
                .build());

        for (int i = 0; i < 4; i++) {
            assertThat(model.chat(HELLO).message().content()).isEqualTo("backup answers");
        }
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.OPEN);
        assertThat(events)
                .contains(new ModelEvent.CircuitStateChanged("primary", CircuitState.CLOSED, CircuitState.OPEN));

        // Open: the primary is not even asked.
        assertThat(model.chat(HELLO).message().content()).isEqualTo("backup answers");
        assertThat(endpoint.callsTo("primary")).isEqualTo(4);

        // It comes back; once the open period has passed, a trial call closes the breaker again.
        endpoint.on("primary", answer("primary is back"));
        time.advance(Duration.ofSeconds(31));
        assertThat(model.chat(HELLO).message().content()).isEqualTo("primary is back");
        assertThat(model.circuitState("primary")).isEqualTo(CircuitState.CLOSED);
        assertThat(events)
                .contains(
                        new ModelEvent.CircuitStateChanged("primary", CircuitState.OPEN, CircuitState.HALF_OPEN),
                        new ModelEvent.CircuitStateChanged("primary", CircuitState.HALF_OPEN, CircuitState.CLOSED));
    }

    @Test
    void an_open_breaker_on_the_only_model_fails_fast_typed() {
        endpoint.on("small", fail(new ModelFailure.Overloaded(500)));
        ResilientChatModel model = model(config().maxAttemptsPerModel(1)
                .slidingWindowSize(2)
                .minimumCalls(2)
                .build());
        ChatModel fast = model.tier(ModelTier.FAST);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> fast.chat(HELLO));
        }

        assertThatThrownBy(() -> fast.chat(HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(new ModelFailure.CircuitOpen("small")));
        assertThat(endpoint.callsTo("small")).isEqualTo(2);
    }

    @Test
    void client_errors_do_not_count_against_a_models_health() {
        endpoint.on("small", fail(new ModelFailure.BadRequest(400, "bad")));
        ResilientChatModel model =
                model(config().slidingWindowSize(2).minimumCalls(2).build());

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> model.tier(ModelTier.FAST).chat(HELLO));
        }

        assertThat(model.circuitState("small")).isEqualTo(CircuitState.CLOSED);
        assertThat(endpoint.callsTo("small")).isEqualTo(5);
    }

    @Test
    void a_bug_outside_the_provider_propagates_and_does_not_count_against_its_health() {
        endpoint.on("small", (request, listener) -> {
            throw new IllegalStateException("a listener bug");
        });
        ResilientChatModel model =
                model(config().slidingWindowSize(2).minimumCalls(2).build());

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> model.tier(ModelTier.FAST).chat(HELLO)).isInstanceOf(IllegalStateException.class);
        }

        assertThat(model.circuitState("small")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void a_burst_beyond_the_request_budget_queues_instead_of_calling() {
        endpoint.on("primary", answer("ok"));
        ResilientChatModel model = model(config().budget("primary", ResilienceConfig.Budget.perMinute(2, 0))
                .build());

        for (int i = 0; i < 3; i++) {
            model.chat(HELLO);
        }

        // Two go at once; the third waits for the bucket to refill one request (60 s / 2).
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary", "primary");
        assertThat(events).containsExactly(new ModelEvent.BudgetWaited("primary", Duration.ofSeconds(30)));
    }

    @Test
    void a_budget_wait_beyond_the_limit_sends_the_call_to_the_next_model() {
        endpoint.on("primary", answer("primary"));
        endpoint.on("backup", answer("backup"));
        ResilientChatModel model = model(config().budget("primary", ResilienceConfig.Budget.perMinute(1, 0))
                .maxBudgetWait(Duration.ofSeconds(10))
                .build());

        assertThat(model.chat(HELLO).message().content()).isEqualTo("primary");
        assertThat(model.chat(HELLO).message().content()).isEqualTo("backup");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void token_budgets_count_what_answers_really_used() {
        ChatRequest big = HELLO.toBuilder().maxTokens(600).build();
        endpoint.on("primary", answer("short", new Usage(5, 5)));
        ResilientChatModel model = model(config().budget("primary", ResilienceConfig.Budget.perMinute(0, 1000))
                .build());

        model.chat(big);
        model.chat(big);

        // Each reserved about 600 tokens but used 10, so the second did not have to wait.
        assertThat(time.sleeps()).isEmpty();

        endpoint.on("primary", answer("long", new Usage(5, 595)));
        model.chat(big);
        model.chat(big);
        assertThat(time.sleeps()).isNotEmpty();
    }

    @Test
    void a_streamed_answer_that_broke_after_text_arrived_is_not_repeated() {
        endpoint.on("primary", streamThenFail("half an ans", new ModelFailure.StreamBroken("reset")));
        endpoint.on("backup", answer("complete"));
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> model(config().build()).chat(HELLO, deltas::add))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.StreamBroken.class));
        assertThat(deltas).containsExactly("half an ans");
        assertThat(endpoint.modelsCalled()).containsExactly("primary");
    }

    @Test
    void a_stream_that_broke_before_any_text_is_retried() {
        endpoint.on("primary", fail(new ModelFailure.StreamBroken("reset")), answer("whole"));
        List<String> deltas = new ArrayList<>();

        ChatResponse r = model(config().build()).chat(HELLO, deltas::add);

        assertThat(r.message().content()).isEqualTo("whole");
        assertThat(deltas).containsExactly("whole");
    }

    @Test
    void per_call_listeners_see_only_their_own_calls_events() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)), answer("ok"));
        ResilientChatModel model = model(config().build());
        List<ModelEvent> mine = new ArrayList<>();

        model.chat(HELLO, StreamListener.ignoring(), mine::add);
        model.chat(HELLO, StreamListener.ignoring(), ModelEventListener.ignoring());

        assertThat(mine).singleElement().isInstanceOf(ModelEvent.Retrying.class);
        assertThat(events).hasSize(1);
    }

    @Test
    void a_tier_view_reports_its_calls_fallbacks_to_the_per_call_listener() {
        endpoint.on("small", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("backup", answer("from backup"));
        ChatModel fast = model(config().tier(ModelTier.FAST, "small", "backup")
                        .maxAttemptsPerModel(1)
                        .build())
                .tier(ModelTier.FAST);
        List<ModelEvent> mine = new ArrayList<>();

        ChatResponse r = fast.chat(HELLO, StreamListener.ignoring(), mine::add);

        assertThat(r.message().content()).isEqualTo("from backup");
        assertThat(mine).singleElement().isInstanceOfSatisfying(ModelEvent.FallingBack.class, e -> {
            assertThat(e.model()).isEqualTo("small");
            assertThat(e.nextModel()).isEqualTo("backup");
        });
    }

    @Test
    void a_listener_that_throws_does_not_break_the_call() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)), answer("ok"));
        ResilientChatModel model = ResilientChatModel.builder(endpoint)
                .config(config().build())
                .clock(time)
                .sleeper(time)
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .build();

        assertThat(model.chat(HELLO).message().content()).isEqualTo("ok");
    }

    @Test
    void an_interrupt_while_waiting_to_retry_cancels_the_call() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)), answer("never"));
        ResilientChatModel model = ResilientChatModel.builder(endpoint)
                .config(config().build())
                .clock(time)
                .sleeper(d -> {
                    throw new InterruptedException();
                })
                .build();

        try {
            assertThatThrownBy(() -> model.chat(HELLO))
                    .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.Cancelled.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(endpoint.modelsCalled()).containsExactly("primary");
    }

    @Test
    void picks_models_by_tier_or_by_the_requested_models_place_in_a_tier() {
        ResilientChatModel model = model(config().build());

        assertThat(model.candidates(Optional.empty(), HELLO)).containsExactly("primary", "backup");
        assertThat(model.candidates(Optional.empty(), HELLO.withModel("backup")))
                .containsExactly("backup");
        assertThat(model.candidates(Optional.empty(), HELLO.withModel("other"))).containsExactly("other");
        assertThat(model.candidates(Optional.of(ModelTier.FAST), HELLO.withModel("other")))
                .containsExactly("small");
        // An empty tier uses the DEFAULT tier's models.
        assertThat(model.candidates(Optional.of(ModelTier.FRONTIER), HELLO)).containsExactly("primary", "backup");
    }

    @Test
    void escalation_goes_on_with_stronger_tiers_once_a_tier_has_failed() {
        ResilientChatModel model = model(config().tier(ModelTier.FRONTIER, "large", "primary")
                .escalate(true)
                .build());
        endpoint.on("small", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("backup", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("large", answer("the frontier answers"));

        assertThat(model.candidates(Optional.of(ModelTier.FAST), HELLO))
                .containsExactly("small", "primary", "backup", "large");
        assertThat(model.candidates(Optional.empty(), HELLO.withModel("backup")))
                .containsExactly("backup", "large", "primary");
        assertThat(model.tier(ModelTier.FAST).chat(HELLO).message().content()).isEqualTo("the frontier answers");
        assertThat(model(config().build()).candidates(Optional.of(ModelTier.FAST), HELLO))
                .containsExactly("small");
    }

    @Test
    void a_model_can_be_routed_to_its_own_endpoint() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)));
        ScriptedChatModel local = new ScriptedChatModel().on("backup", answer("local"));
        ResilientChatModel model = ResilientChatModel.builder(endpoint)
                .config(config().maxAttemptsPerModel(1).build())
                .route("backup", local)
                .clock(time)
                .sleeper(time)
                .build();

        assertThat(model.chat(HELLO).message().content()).isEqualTo("local");
        assertThat(local.modelsCalled()).containsExactly("backup");
    }

    @Test
    void many_concurrent_calls_each_get_their_own_answer() throws Exception {
        endpoint.on("primary", echo());
        ResilientChatModel model = model(config().build());
        List<Future<ChatResponse>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                ChatRequest request =
                        ChatRequest.builder().addMessage(Message.user("n" + i)).build();
                answers.add(threads.submit(() -> model.chat(request)));
            }
        }

        for (int i = 0; i < 500; i++) {
            assertThat(answers.get(i).get().message().content()).isEqualTo("n" + i);
        }
    }
}

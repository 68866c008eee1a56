package dev.lucy.core.model;

import static dev.lucy.testkit.fake.ScriptedChatModel.Step.answer;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.fail;
import static dev.lucy.testkit.fake.ScriptedChatModel.Step.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Sleeper;
import dev.lucy.testkit.fake.ScriptedChatModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * How long {@link ResilientChatModel} makes a caller wait, and what it tells the caller while it does: the total cap
 * on waiting, the caller's time limit, the first-token timeout and streams started over.
 */
class ResilientWaitsTest {
    private static final ChatRequest HELLO =
            ChatRequest.builder().addMessage(Message.user("hello")).build();
    private static final ModelFailure RETRY_AFTER_30 =
            new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(30)));

    private final ScriptedChatModel endpoint = new ScriptedChatModel();
    /** Everything the call did, in order: its events, the text it streamed ("text:...") and its waits ("slept:..."). */
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    private final Sleeper sleeper = duration -> seen.add("slept:" + duration);

    private ResilienceConfig.Builder config() {
        return ResilienceConfig.builder()
                .tier(ModelTier.DEFAULT, "primary", "backup")
                .jitter(0);
    }

    private ResilientChatModel model(ResilienceConfig config) {
        return ResilientChatModel.builder(endpoint)
                .config(config)
                .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .sleeper(sleeper)
                .build();
    }

    private ChatResponse chat(ResilientChatModel model, ChatRequest request) {
        return model.chat(request, text -> seen.add("text:" + text), seen::add);
    }

    private List<Object> waits() {
        return seen.stream()
                .filter(s -> s instanceof String text && text.startsWith("slept:"))
                .toList();
    }

    private static ModelFailure failureOf(Throwable t) {
        return ((ModelException) t).failure();
    }

    @Test
    void two_models_asking_for_30_seconds_each_cost_one_wait_not_four() {
        // The defect: 3 attempts on each of 2 models, each answered "Retry-After: 30", slept 4 x 30 s and told the
        // person nothing for 122 s. Now the call waits once (the default cap is one such wait), then asks the next
        // model, and fails typed at once when that one is rate limited too.
        endpoint.on("primary", fail(RETRY_AFTER_30));
        endpoint.on("backup", fail(RETRY_AFTER_30));

        assertThatThrownBy(() -> chat(model(config().build()), HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(RETRY_AFTER_30));

        assertThat(waits()).containsExactly("slept:PT30S");
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary", "backup");
        assertThat(ResilienceConfig.defaults().maxTotalWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_wait_is_reported_before_it_begins() {
        endpoint.on("primary", fail(RETRY_AFTER_30), answer("ok"));

        ChatResponse response = chat(model(config().build()), HELLO);

        assertThat(response.message().content()).isEqualTo("ok");
        assertThat(seen)
                .containsExactly(
                        new ModelEvent.Retrying("primary", 1, RETRY_AFTER_30, Duration.ofSeconds(30)),
                        "slept:PT30S",
                        "text:ok");
    }

    @Test
    void a_retry_after_longer_than_half_the_callers_time_left_moves_to_the_next_model_without_waiting() {
        endpoint.on("primary", fail(RETRY_AFTER_30), answer("from primary"));
        endpoint.on("backup", answer("from backup"));

        ChatResponse response = chat(
                model(config().build()),
                HELLO.toBuilder().timeLimit(Duration.ofSeconds(50)).build());

        assertThat(response.message().content()).isEqualTo("from backup");
        assertThat(waits()).isEmpty();
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "backup");
    }

    @Test
    void a_retry_after_within_the_callers_time_is_waited() {
        endpoint.on("primary", fail(RETRY_AFTER_30), answer("from primary"));

        ChatResponse response = chat(
                model(config().build()),
                HELLO.toBuilder().timeLimit(Duration.ofSeconds(60)).build());

        assertThat(response.message().content()).isEqualTo("from primary");
        assertThat(waits()).containsExactly("slept:PT30S");
    }

    @Test
    void backoffs_stop_once_the_total_wait_is_spent() {
        endpoint.on("primary", fail(new ModelFailure.Overloaded(503)));
        endpoint.on("backup", answer("from backup"));

        ChatResponse response = chat(
                model(config().initialBackoff(Duration.ofSeconds(4))
                        .maxTotalWait(Duration.ofSeconds(5))
                        .build()),
                HELLO);

        // 4 s on primary fit, its next 8 s would not (1 s is left): the backup is asked at once.
        assertThat(response.message().content()).isEqualTo("from backup");
        assertThat(waits()).containsExactly("slept:PT4S");
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary", "backup");
    }

    @Test
    void a_rate_budget_queue_longer_than_what_is_left_to_wait_sends_the_call_to_the_next_model() {
        endpoint.on("primary", answer("from primary"));
        endpoint.on("backup", answer("from backup"));
        ResilientChatModel model = model(config().budget("primary", ResilienceConfig.Budget.perMinute(1, 0))
                .maxTotalWait(Duration.ofSeconds(10))
                .build());

        assertThat(chat(model, HELLO).message().content()).isEqualTo("from primary");
        // The bucket refills in 60 s, within maxBudgetWait (60 s) but beyond the total wait (10 s).
        assertThat(chat(model, HELLO).message().content()).isEqualTo("from backup");
        assertThat(waits()).isEmpty();
    }

    @Test
    void a_model_with_no_first_token_in_time_is_left_for_the_next_one_at_once() {
        endpoint.on("primary", fail(new ModelFailure.FirstTokenTimedOut(Duration.ofSeconds(20))));
        endpoint.on("backup", answer("from backup"));

        ChatResponse response = chat(model(config().build()), HELLO);

        assertThat(response.message().content()).isEqualTo("from backup");
        assertThat(endpoint.modelsCalled()).containsExactly("primary", "backup");
        assertThat(waits()).isEmpty();
        assertThat(seen)
                .first()
                .isInstanceOfSatisfying(
                        ModelEvent.FallingBack.class,
                        e -> assertThat(e.failure())
                                .contains(new ModelFailure.FirstTokenTimedOut(Duration.ofSeconds(20))));
    }

    @Test
    void the_last_model_with_no_first_token_in_time_is_tried_again_after_a_backoff() {
        endpoint.on("backup", fail(new ModelFailure.FirstTokenTimedOut(Duration.ofSeconds(20))), answer("late"));

        ChatResponse response = chat(model(config().build()), HELLO.withModel("backup"));

        assertThat(response.message().content()).isEqualTo("late");
        assertThat(endpoint.modelsCalled()).containsExactly("backup", "backup");
        assertThat(waits()).containsExactly("slept:PT0.5S");
    }

    @Test
    void a_stream_cut_after_text_starts_over_once_and_the_caller_hears_it_before_the_new_text() {
        ModelFailure cut = new ModelFailure.StreamBroken("connection closed");
        endpoint.on("primary", streamThenFail("The first half", cut), answer("The whole answer."));

        ChatResponse response = chat(model(config().build()), HELLO);

        assertThat(response.message().content()).isEqualTo("The whole answer.");
        assertThat(seen)
                .containsExactly(
                        "text:The first half",
                        new ModelEvent.StreamRestarted("primary", cut),
                        new ModelEvent.Retrying("primary", 1, cut, Duration.ofMillis(500)),
                        "slept:PT0.5S",
                        "text:The whole answer.");
    }

    @Test
    void a_stream_cut_twice_is_not_started_over_again() {
        ModelFailure cut = new ModelFailure.StreamBroken("connection closed");
        endpoint.on("primary", streamThenFail("Half", cut));
        endpoint.on("backup", answer("never asked"));

        assertThatThrownBy(() -> chat(model(config().build()), HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(cut));

        assertThat(endpoint.modelsCalled()).containsExactly("primary", "primary");
        assertThat(seen)
                .filteredOn(ModelEvent.StreamRestarted.class::isInstance)
                .hasSize(1);
    }

    @Test
    void a_stream_cut_on_the_last_attempt_starts_over_on_the_next_model() {
        ModelFailure cut = new ModelFailure.StreamBroken("error event");
        endpoint.on("primary", streamThenFail("Half", cut));
        endpoint.on("backup", answer("Whole."));

        ChatResponse response = chat(model(config().maxAttemptsPerModel(1).build()), HELLO);

        assertThat(response.message().content()).isEqualTo("Whole.");
        assertThat(seen)
                .containsExactly(
                        "text:Half",
                        new ModelEvent.StreamRestarted("primary", cut),
                        new ModelEvent.FallingBack("primary", "backup", Optional.of(cut), "stream broken"),
                        "text:Whole.");
    }

    @Test
    void a_stream_refused_for_its_content_after_text_is_not_started_over() {
        ModelFailure filtered = new ModelFailure.ContentFiltered("policy");
        endpoint.on("primary", streamThenFail("Half", filtered), answer("never asked"));

        assertThatThrownBy(() -> chat(model(config().build()), HELLO))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(filtered));
        assertThat(endpoint.modelsCalled()).containsExactly("primary");
    }

    @Test
    void a_time_limit_must_be_positive() {
        assertThatThrownBy(() -> HELLO.toBuilder().timeLimit(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeLimit");
        assertThat(HELLO.timeLimit()).isEmpty();
        assertThat(HELLO.toBuilder().timeLimit(Duration.ofSeconds(5)).build().timeLimit())
                .contains(Duration.ofSeconds(5));
    }

    @Test
    void the_total_wait_cannot_be_negative() {
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .maxTotalWait(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTotalWait");
    }
}

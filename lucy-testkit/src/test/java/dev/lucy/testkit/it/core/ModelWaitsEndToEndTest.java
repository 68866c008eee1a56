package dev.lucy.testkit.it.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Sleeper;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.model.ResilientChatModel;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waits, hangs and cut streams over HTTP, against the testkit's scripted server: the first-token timeout of the
 * client, and what the resilient layer makes of a {@code Retry-After}, a hanging model and a stream cut mid-way.
 * Nothing here sleeps: the resilient layer's waits go to a recording sleeper, and the timeouts are short.
 */
class ModelWaitsEndToEndTest {
    /** Short, so a hang ends quickly; an answer on loopback begins well within it, even on a busy machine. */
    private static final Duration FIRST_TOKEN = Duration.ofSeconds(1);

    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    /** What the resilient layer did, in order: its events, the text it streamed ("text:...") and waits ("slept:..."). */
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    private final Sleeper sleeper = duration -> seen.add("slept:" + duration);
    private OpenAiCompatibleChatModel client;

    @BeforeEach
    void connect(ScriptedModelServer server) {
        client = OpenAiCompatibleChatModel.create(config(server).build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static ModelClientConfig.Builder config(ScriptedModelServer server) {
        return ModelClientConfig.builder()
                .baseUrl(server.baseUrl())
                .noApiKey()
                .defaultModel("primary")
                .requestTimeout(Duration.ofSeconds(60))
                .firstTokenTimeout(FIRST_TOKEN);
    }

    private ResilientChatModel resilient() {
        return ResilientChatModel.builder(client)
                .config(ResilienceConfig.builder()
                        .tier(ModelTier.DEFAULT, "primary", "backup")
                        .build())
                .sleeper(sleeper)
                .build();
    }

    private ChatResponse chat(ResilientChatModel model, String text) {
        return model.chat(ask(text), delta -> seen.add("text:" + delta), seen::add);
    }

    private String streamedSinceLastRestart() {
        StringBuilder text = new StringBuilder();
        for (Object item : seen) {
            if (item instanceof ModelEvent.StreamRestarted) {
                text.setLength(0);
            } else if (item instanceof String s && s.startsWith("text:")) {
                text.append(s.substring("text:".length()));
            }
        }
        return text.toString();
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.builder().addMessage(Message.user(text)).build();
    }

    private static ModelFailure failureOf(Throwable t) {
        return ((ModelException) t).failure();
    }

    @Test
    void a_server_that_never_starts_its_answer_ends_at_the_first_token_timeout_not_the_request_timeout(
            ScriptedModelServer server) {
        server.enqueue(Fault.noAnswer());

        assertThatThrownBy(() -> client.chat(ask("hello"), delta -> {}))
                .satisfies(t -> assertThat(failureOf(t)).isEqualTo(new ModelFailure.FirstTokenTimedOut(FIRST_TOKEN)));
    }

    @Test
    void keep_alive_comments_are_not_a_first_token() {
        try (ScriptedModelServer commenting = ScriptedModelServer.builder()
                        .keepAliveComments(Duration.ofMillis(50))
                        .start();
                OpenAiCompatibleChatModel patient =
                        OpenAiCompatibleChatModel.create(config(commenting).build())) {
            commenting.enqueue(Reply.text("far too late").withLatency(Latency.fixed(Duration.ofMinutes(5))));

            assertThatThrownBy(() -> patient.chat(ask("hello"), delta -> {}))
                    .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.FirstTokenTimedOut.class));
        }
    }

    @Test
    void a_slow_stream_that_has_begun_is_not_cut_by_the_first_token_timeout(ScriptedModelServer server) {
        // Its first event comes at once, the rest 300 ms apart: the whole stream takes longer than the timeout.
        server.enqueue(Reply.text("one two three").streamedSlowly(Duration.ofMillis(300)));

        ChatResponse response = client.chat(ask("count"), delta -> {});

        assertThat(response.message().content()).isEqualTo("one two three");
    }

    @Test
    void a_call_that_is_not_streamed_may_take_longer_than_the_first_token_timeout(ScriptedModelServer server) {
        server.enqueue(Reply.text("thought it over").withLatency(Latency.fixed(FIRST_TOKEN.plusMillis(300))));

        assertThat(client.chat(ask("think")).message().content()).isEqualTo("thought it over");
    }

    @Test
    void a_hanging_model_is_left_for_the_next_one_after_the_first_token_timeout(ScriptedModelServer server) {
        server.model("primary").failWith(Fault.noAnswer());
        server.model("backup").enqueue(Reply.text("from the backup"));

        ChatResponse response = chat(resilient(), "hello");

        assertThat(response.message().content()).isEqualTo("from the backup");
        assertThat(server.requests()).extracting(r -> r.model()).containsExactly("primary", "backup");
        assertThat(seen)
                .first()
                .isInstanceOfSatisfying(
                        ModelEvent.FallingBack.class,
                        e -> assertThat(e.failure()).contains(new ModelFailure.FirstTokenTimedOut(FIRST_TOKEN)));
    }

    @Test
    void a_retry_after_is_reported_before_it_is_waited_out_then_the_model_answers(ScriptedModelServer server) {
        server.enqueue(Fault.rateLimited(Duration.ofSeconds(30)), Reply.text("ok"));

        ChatResponse response = chat(resilient(), "hello");

        assertThat(response.message().content()).isEqualTo("ok");
        assertThat(seen)
                .containsExactly(
                        new ModelEvent.Retrying(
                                "primary",
                                1,
                                new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(30))),
                                Duration.ofSeconds(30)),
                        "slept:PT30S",
                        "text:ok");
    }

    @Test
    void a_stream_dropped_mid_way_starts_over_once_and_the_caller_gets_one_whole_answer(ScriptedModelServer server) {
        server.enqueue(Fault.streamDropped("The first half of"), Reply.text("The whole answer, from the start."));

        ChatResponse response = chat(resilient(), "hello");

        assertThat(response.message().content()).isEqualTo("The whole answer, from the start.");
        assertThat(streamedSinceLastRestart()).isEqualTo("The whole answer, from the start.");
        assertThat(seen)
                .filteredOn(ModelEvent.StreamRestarted.class::isInstance)
                .hasSize(1);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void an_error_event_mid_stream_starts_over_once_too(ScriptedModelServer server) {
        server.enqueue(Fault.streamError("Partial"), Reply.text("Complete."));

        ChatResponse response = chat(resilient(), "hello");

        assertThat(response.message().content()).isEqualTo("Complete.");
        assertThat(streamedSinceLastRestart()).isEqualTo("Complete.");
        assertThat(seen)
                .filteredOn(ModelEvent.StreamRestarted.class::isInstance)
                .singleElement()
                .isInstanceOfSatisfying(
                        ModelEvent.StreamRestarted.class,
                        e -> assertThat(e.failure()).isInstanceOf(ModelFailure.StreamBroken.class));
    }

    @Test
    void a_stream_cut_twice_is_not_started_over_a_second_time(ScriptedModelServer server) {
        server.model("primary").failWith(Fault.streamDropped("Half of"));

        assertThatThrownBy(() -> chat(resilient(), "hello"))
                .satisfies(t -> assertThat(failureOf(t)).isInstanceOf(ModelFailure.StreamBroken.class));
        assertThat(server.requestCount()).isEqualTo(2);
    }
}

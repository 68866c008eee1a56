package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelEvent;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a run hears about its model's waits and restarted streams, and the time it gives the model. */
class AgentModelWaitsTest {
    private static final Caller CALLER = AgentLoopTest.CALLER;
    private static final ModelFailure RETRY_AFTER_30 =
            new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(30)));

    /** A model that reports a wait, a queue and a restarted stream, the way a resilient model would. */
    private static final class WaitingModel implements ChatModel {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public ChatResponse chat(ChatRequest request) {
            return chat(request, StreamListener.ignoring(), ModelEventListener.ignoring());
        }

        @Override
        public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
            requests.add(request);
            events.onEvent(new ModelEvent.BudgetWaited("m", Duration.ofSeconds(4)));
            listener.onTextDelta("Half");
            events.onEvent(new ModelEvent.StreamRestarted("m", new ModelFailure.StreamBroken("closed")));
            events.onEvent(new ModelEvent.Retrying("m", 1, RETRY_AFTER_30, Duration.ofSeconds(30)));
            listener.onTextDelta("Whole.");
            return new ChatResponse("m", Message.assistant("Whole."), FinishReason.STOP, Usage.NONE);
        }
    }

    @Test
    void model_waits_and_restarted_streams_reach_the_observer_in_order() {
        WaitingModel model = new WaitingModel();
        RecordingObserver observer = new RecordingObserver();
        Agent agent = Agent.builder().model(model).build();

        AgentResult result = agent.run(
                AgentRequest.builder(CALLER, "hello").observer(observer).build());

        assertThat(result.text()).isEqualTo("Whole.");
        assertThat(observer.events())
                .filteredOn(e -> !(e instanceof AgentEvent.TurnStarted) && !(e instanceof AgentEvent.Finished))
                .containsExactly(
                        new AgentEvent.ModelWaiting(1, "m", Duration.ofSeconds(4), Optional.empty()),
                        new AgentEvent.TextDelta(1, "Half"),
                        new AgentEvent.StreamRestarted(1),
                        new AgentEvent.ModelWaiting(1, "m", Duration.ofSeconds(30), Optional.of(RETRY_AFTER_30)),
                        new AgentEvent.TextDelta(1, "Whole."));
    }

    @Test
    void the_model_is_given_what_is_left_of_the_runs_time_as_its_time_limit() {
        WaitingModel model = new WaitingModel();
        Agent agent = Agent.builder()
                .model(model)
                .config(AgentConfig.builder()
                        .wallClockBudget(Duration.ofSeconds(90))
                        .build())
                .build();

        agent.run(CALLER, "hello");

        assertThat(model.requests)
                .singleElement()
                .satisfies(request -> assertThat(request.timeLimit())
                        .hasValueSatisfying(
                                limit -> assertThat(limit).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(90))));
    }
}

package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import dev.lucy.testkit.fake.RecordingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRunHandlerTest {
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    private final RecordingPort port = new RecordingPort();

    @Test
    void posts_the_agents_answer_into_the_conversation() {
        AgentRunHandler handler = AgentRunHandler.of(tier -> agent(answering("Invoice 42 is paid.")), port);

        handler.handle(request("is invoice 42 paid?", ModelTier.DEFAULT));

        assertThat(port.posts("C1")).containsExactly("Invoice 42 is paid.");
    }

    @Test
    void answers_each_tier_with_its_own_agent_and_falls_back_to_the_default_one() {
        AgentRunHandler handler = AgentRunHandler.of(
                Map.of(ModelTier.FAST, agent(answering("fast")), ModelTier.DEFAULT, agent(answering("default"))), port);

        handler.handle(request("quick one", ModelTier.FAST));
        handler.handle(request("normal one", ModelTier.DEFAULT));
        handler.handle(request("hard one", ModelTier.FRONTIER));

        assertThat(port.posts("C1")).containsExactly("fast", "default", "default");
    }

    @Test
    void a_failed_run_gets_a_plain_notice_without_internals() {
        ChatModel broken = request -> {
            throw new ModelException("m", new ModelFailure.Overloaded(503), "upstream 503 from gpu-pool-7 at 10.0.0.3");
        };
        AgentRunHandler handler = AgentRunHandler.of(tier -> agent(broken), port);

        handler.handle(request("is invoice 42 paid?", ModelTier.DEFAULT));

        assertThat(port.posts("C1")).containsExactly(RuntimeNotices.defaults().runFailed());
        assertThat(port.posts("C1").getFirst()).doesNotContain("503", "gpu", "10.0.0.3");
    }

    @Test
    void a_run_that_runs_out_of_time_gets_a_plain_notice() {
        ManualClock clock = ManualClock.startingAt(NOW);
        ChatModel slow = request -> {
            clock.advance(Duration.ofMinutes(10));
            return new ChatResponse(
                    "m",
                    Message.toolCalls(
                            List.of(new ToolCall("c" + request.messages().size(), "lookup", "{}"))),
                    FinishReason.TOOL_CALLS,
                    Usage.NONE);
        };
        Agent agent = Agent.builder()
                .model(slow)
                .clock(clock)
                .config(AgentConfig.builder()
                        .wallClockBudget(Duration.ofMinutes(1))
                        .build())
                .build();
        AgentRunHandler handler = AgentRunHandler.of(tier -> agent, port);

        handler.handle(request("summarise everything", ModelTier.DEFAULT));

        assertThat(port.posts("C1")).containsExactly(RuntimeNotices.defaults().runTimedOut());
    }

    @Test
    void a_cancelled_run_posts_nothing() {
        AgentRunHandler handler = AgentRunHandler.of(tier -> agent(answering("too late")), port);

        Thread.currentThread().interrupt();
        try {
            handler.handle(request("is invoice 42 paid?", ModelTier.DEFAULT));
        } finally {
            Thread.interrupted();
        }

        assertThat(port.posts("C1")).isEmpty();
    }

    @Test
    void notices_can_be_worded_by_the_product() {
        ChatModel broken = request -> {
            throw new ModelException("m", new ModelFailure.Overloaded(503), "overloaded");
        };
        AgentRunHandler handler = AgentRunHandler.of(tier -> agent(broken), port)
                .withNotices(new RuntimeNotices() {
                    @Override
                    public String runFailed() {
                        return "Oops, try again.";
                    }
                });

        handler.handle(request("is invoice 42 paid?", ModelTier.DEFAULT));

        assertThat(port.posts("C1")).containsExactly("Oops, try again.");
    }

    @Test
    void a_map_without_a_default_agent_is_refused() {
        assertThatThrownBy(() -> AgentRunHandler.of(Map.of(ModelTier.FAST, agent(answering("x"))), port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEFAULT");
    }

    private static ChatModel answering(String text) {
        return request -> new ChatResponse("m", Message.assistant(text), FinishReason.STOP, Usage.NONE);
    }

    private static Agent agent(ChatModel model) {
        return Agent.builder().model(model).build();
    }

    private static RunRequest request(String text, ModelTier tier) {
        InboundEvent event = new InboundEvent("E1", new Caller("T1", "U1", "C1"), "ts1", text, NOW);
        return RunRequest.of(event, new TriageDecision.AgentRun(Priority.INTERACTIVE, tier, "eyes", false));
    }
}

package dev.lucy.core.runtime;

import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.spi.ConversationPort;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The usual {@link RunHandler}: runs an {@link Agent} on the run's message and posts the answer into the
 * conversation.
 *
 * <p>The agent is chosen by the model tier triage picked. An answer, or a partial answer, is posted as the agent
 * wrote it; a run that failed or ran out of time gets a short plain notice from {@link RuntimeNotices} and never a
 * detail of what broke; a cancelled run posts nothing (the runtime has confirmed the cancel already). Thread safe
 * when the agents are (an {@link Agent} is).
 */
public final class AgentRunHandler implements RunHandler {
    private final Function<ModelTier, Agent> agents;
    private final ConversationPort port;
    private final RuntimeNotices notices;

    private AgentRunHandler(Function<ModelTier, Agent> agents, ConversationPort port, RuntimeNotices notices) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.port = Objects.requireNonNull(port, "port");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** A handler that answers every tier with the agent {@code agents} returns for it (never null). */
    public static AgentRunHandler of(Function<ModelTier, Agent> agents, ConversationPort port) {
        return new AgentRunHandler(agents, port, RuntimeNotices.defaults());
    }

    /**
     * A handler over a map of agents: a tier missing from the map is answered by the {@link ModelTier#DEFAULT}
     * agent, which the map must hold.
     */
    public static AgentRunHandler of(Map<ModelTier, Agent> agents, ConversationPort port) {
        Map<ModelTier, Agent> copy = new EnumMap<>(ModelTier.class);
        copy.putAll(agents);
        Agent fallback = copy.get(ModelTier.DEFAULT);
        if (fallback == null) {
            throw new IllegalArgumentException("agents must include one for ModelTier.DEFAULT");
        }
        return of(tier -> copy.getOrDefault(tier, fallback), port);
    }

    /** The same handler speaking with other words for its failure notices. */
    public AgentRunHandler withNotices(RuntimeNotices notices) {
        return new AgentRunHandler(agents, port, notices);
    }

    @Override
    public void handle(RunRequest request) {
        InboundEvent event = request.event();
        Agent agent = Objects.requireNonNull(
                agents.apply(request.decision().tier()),
                "no agent for tier " + request.decision().tier());
        AgentResult result = agent.run(AgentRequest.of(event.caller(), event.text()));
        // Through the run's fenced view: a replica that lost the conversation's lease meanwhile does not post.
        reply(result, notices).ifPresent(reply -> request.fenced(port).post(event.conversationId(), reply));
    }

    /**
     * What a run's result says to the person: the answer (or partial answer) as the agent wrote it, a plain
     * notice for a run that failed or ran out of time, nothing for a cancelled run (the cancel was confirmed).
     */
    private static Optional<String> reply(AgentResult result, RuntimeNotices notices) {
        return switch (result.outcome()) {
            case Outcome.Answered answered -> Optional.of(result.text());
            case Outcome.Partial partial -> Optional.of(result.text());
            case Outcome.TimedOut timedOut -> Optional.of(notices.runTimedOut());
            case Outcome.Failed failed -> Optional.of(notices.runFailed());
            case Outcome.Cancelled cancelled -> Optional.empty();
        };
    }
}

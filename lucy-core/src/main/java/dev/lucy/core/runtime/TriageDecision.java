package dev.lucy.core.runtime;

import dev.lucy.core.model.ModelTier;
import java.util.Objects;

/** What triage decided to do with a message, before any model is involved. */
public sealed interface TriageDecision {

    /** Acknowledge with an emoji and nothing else: no reply, no run, no memory write. */
    record ReactOnly(String emoji) implements TriageDecision {
        public ReactOnly {
            Objects.requireNonNull(emoji, "emoji");
        }
    }

    /** Answer at once from a template; no queue, no model. */
    record FastReply(String text) implements TriageDecision {
        public FastReply {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The person asks what Lucy is working on for them. */
    record StatusQuery() implements TriageDecision {}

    /** The person asks Lucy to stop what it is doing in this conversation. */
    record Cancel() implements TriageDecision {}

    /**
     * Run the agent.
     *
     * @param priority the scheduling class
     * @param tier the model tier to ask
     * @param workingEmoji shown on the message while the run works, removed afterwards
     * @param background whether to run as a background task the conversation can talk over
     */
    record AgentRun(Priority priority, ModelTier tier, String workingEmoji, boolean background)
            implements TriageDecision {
        public AgentRun {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(workingEmoji, "workingEmoji");
        }

        public AgentRun withWorkingEmoji(String emoji) {
            return new AgentRun(priority, tier, emoji, background);
        }
    }
}

package dev.lucy.app;

import dev.lucy.core.runtime.ConversationView;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Triage;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.core.runtime.TriageRule;
import dev.lucy.slack.Reaction;
import dev.lucy.slack.ReactionClassifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The triage the app runs: lucy-slack's reaction rules first (thanks, agreement, approval words, notes answered
 * with an emoji only), then core's rules (greetings, help, status, cancel, agent runs). A react-only note that may
 * still state a fact ("fyi we moved the standup to 10") is handed to {@code noteForMemory}. An agent run shows
 * lucy-slack's working emoji for the message's intent (research, create, deploy).
 */
public final class LucyTriage {
    private LucyTriage() {}

    /** The app's triage; {@code noteForMemory} must return at once (it runs inside triage). */
    public static Triage create(ReactionClassifier reactions, Consumer<InboundEvent> noteForMemory) {
        Triage rules = Triage.defaults().withRulesFirst(List.of(reactionRule(reactions, noteForMemory)));
        return (event, view) -> {
            TriageDecision decision = rules.classify(event, view);
            return decision instanceof TriageDecision.AgentRun run
                    ? run.withWorkingEmoji(reactions.workingEmoji(event.text()))
                    : decision;
        };
    }

    /** The app's triage with the default reaction rules and no memory hand-off. */
    public static Triage defaults() {
        return create(ReactionClassifier.defaults(), event -> {});
    }

    static TriageRule reactionRule(ReactionClassifier reactions, Consumer<InboundEvent> noteForMemory) {
        Objects.requireNonNull(reactions, "reactions");
        Objects.requireNonNull(noteForMemory, "noteForMemory");
        return (InboundEvent event, ConversationView view) -> {
            if (reactions.classify(event.text(), view.awaitingReply()) instanceof Reaction.ReactOnly react) {
                if (react.considerForMemory()) {
                    noteForMemory.accept(event);
                }
                return Optional.of(new TriageDecision.ReactOnly(react.emoji()));
            }
            return Optional.empty();
        };
    }
}

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
        return create(List.of(), reactions, noteForMemory);
    }

    /** The app's triage with {@code first} tried before everything else. */
    static Triage create(List<TriageRule> first, ReactionClassifier reactions, Consumer<InboundEvent> noteForMemory) {
        List<TriageRule> rules = new java.util.ArrayList<>(first);
        rules.add(reactionRule(reactions, noteForMemory));
        Triage triage = Triage.defaults().withRulesFirst(rules);
        return (event, view) -> {
            TriageDecision decision = triage.classify(event, view);
            return decision instanceof TriageDecision.AgentRun run
                    ? run.withWorkingEmoji(reactions.workingEmoji(event.text()))
                    : decision;
        };
    }

    /** The app's triage with the default reaction rules and no memory hand-off. */
    public static Triage defaults() {
        return create(ReactionClassifier.defaults(), event -> {});
    }

    private static final java.util.regex.Pattern YES = java.util.regex.Pattern.compile(
            "(?i)\\s*(yes|yep|yeah|y|ok|okay|sure|approved?|go ahead|do it|ship it|lgtm|confirm(ed)?)[.! ]*");
    private static final java.util.regex.Pattern NO =
            java.util.regex.Pattern.compile("(?i)\\s*(no|nope|n|cancel( it| that)?|don'?t|do not|abort|stop)[.! ]*");

    /**
     * A yes or no written in a thread where the person's own approval is waiting decides it, as the Approve and
     * Cancel buttons would, and is acknowledged with an emoji. {@code decide} gets the conversation, the person and
     * whether they approved; it returns false when nothing of theirs was waiting there (the message then goes on
     * through triage as usual). Runs inside triage, so {@code decide} must return at once.
     */
    static TriageRule approvalReplyRule(ApprovalReplies decide) {
        Objects.requireNonNull(decide, "decide");
        return (InboundEvent event, ConversationView view) -> {
            if (!view.awaitingReply()) {
                return Optional.empty();
            }
            boolean yes = YES.matcher(event.text()).matches();
            if (!yes && !NO.matcher(event.text()).matches()) {
                return Optional.empty();
            }
            return decide.decide(event.conversationId(), event.caller().userId(), yes)
                    ? Optional.of(new TriageDecision.ReactOnly(yes ? "white_check_mark" : "x"))
                    : Optional.empty();
        };
    }

    /** Decides the approval a person has waiting in a conversation. */
    @FunctionalInterface
    interface ApprovalReplies {
        boolean decide(String conversationId, String userId, boolean approve);
    }

    /**
     * A message with files is a question about them, whatever its text says: an empty mention, "thanks" or "hi"
     * with a file attached runs the agent (as core's rules would classify the text when they make it a run).
     */
    static TriageRule filesRule(dev.lucy.app.files.TurnFiles files) {
        Objects.requireNonNull(files, "files");
        Triage core = Triage.defaults();
        return (InboundEvent event, ConversationView view) -> {
            if (!files.attached(event)) {
                return Optional.empty();
            }
            TriageDecision decision = core.classify(event, view);
            return Optional.of(
                    decision instanceof TriageDecision.AgentRun run
                            ? run
                            : new TriageDecision.AgentRun(
                                    dev.lucy.core.runtime.Priority.INTERACTIVE,
                                    dev.lucy.core.model.ModelTier.DEFAULT,
                                    "hourglass_flowing_sand",
                                    false));
        };
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

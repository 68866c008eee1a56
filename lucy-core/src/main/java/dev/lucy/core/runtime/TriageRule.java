package dev.lucy.core.runtime;

import java.util.Optional;

/**
 * One rule of triage: decides a message, or passes ({@link Optional#empty()}) to the next rule.
 * Rules are pure functions of the message and the view; they run in microseconds and never block.
 */
@FunctionalInterface
public interface TriageRule {
    Optional<TriageDecision> decide(InboundEvent event, ConversationView view);
}

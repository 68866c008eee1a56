package dev.lucy.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Classifies every inbound message by rules, before anything expensive happens.
 *
 * <p>Thread safe and non-blocking. The default, {@link #defaults()}, ships core's rules (greetings, help, status,
 * cancel, then an agent run whose priority, tier and working emoji follow urgency, length and intent);
 * platforms put their own rules in front with {@link #withRulesFirst(List)} (lucy-slack's reaction rules, for
 * example).
 */
@FunctionalInterface
public interface Triage {

    TriageDecision classify(InboundEvent event, ConversationView view);

    /** Core's rules. */
    static Triage defaults() {
        return CoreTriageRules.defaults();
    }

    /**
     * Triage by rules tried in order; the first that decides wins; when none does, {@code fallback} decides.
     */
    static Triage of(List<TriageRule> rules, Triage fallback) {
        List<TriageRule> copy = List.copyOf(rules);
        return (event, view) -> {
            for (TriageRule rule : copy) {
                Optional<TriageDecision> decision = rule.decide(event, view);
                if (decision.isPresent()) {
                    return decision.get();
                }
            }
            return fallback.classify(event, view);
        };
    }

    /** This triage with {@code rules} tried before it. */
    default Triage withRulesFirst(List<TriageRule> rules) {
        return of(new ArrayList<>(rules), this);
    }
}

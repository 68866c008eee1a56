package dev.lucy.tools.spi;

import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import java.util.Optional;

/**
 * Asks a human to approve a destructive tool call: it renders the request where the conversation happens (Slack
 * buttons Approve / Cancel / Always allow, drawn by lucy-app) and, when the human answers, lucy-app calls
 * {@link dev.lucy.tools.ApprovalGate#decide}.
 *
 * <p>{@link #ask} should return quickly (post the message and return); the run's thread waits in the gate, not
 * here. A port that cannot show the request should throw: the gate then refuses the call, since nothing
 * destructive runs without a decision. Thread safe.
 */
public interface ApprovalPort {

    /** Shows the request to a human. */
    void ask(ApprovalRequest request);

    /** The request is over (decided, expired, interrupted): update or remove what {@link #ask} showed. */
    default void closed(ApprovalRequest request, ApprovalOutcome outcome) {}

    /**
     * The request is over: {@code record} says how and who decided, and {@code alwaysAllowed}, when the answer was
     * "always allow", for whom the tool now runs without asking (the whole workspace when an admin chose it, else
     * the person's own calls). The gate calls this one; the default calls {@link #closed(ApprovalRequest,
     * ApprovalOutcome)}.
     */
    default void closed(ApprovalRecord record, Optional<ApprovalPreferences.Scope> alwaysAllowed) {
        closed(record.request(), record.outcome());
    }
}

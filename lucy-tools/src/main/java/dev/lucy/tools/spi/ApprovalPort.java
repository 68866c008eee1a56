package dev.lucy.tools.spi;

import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRequest;

/**
 * Asks a human to approve a destructive tool call: it renders the request where the conversation happens (Slack
 * buttons Approve / Cancel / Always allow here, drawn by lucy-app) and, when the human answers, lucy-app calls
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
}

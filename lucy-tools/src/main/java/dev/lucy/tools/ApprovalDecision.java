package dev.lucy.tools;

import java.util.Objects;

/** A human's answer to an {@link ApprovalRequest}. */
public sealed interface ApprovalDecision {

    /** Who answered (a user id). */
    String decidedBy();

    static ApprovalDecision approve(String userId) {
        return new Approve(userId, false);
    }

    /** Approves this call and every later call of the same tool in the same workspace. */
    static ApprovalDecision alwaysAllow(String userId) {
        return new Approve(userId, true);
    }

    static ApprovalDecision cancel(String userId) {
        return new Cancel(userId);
    }

    /** Run the call; with {@code alwaysAllow}, stop asking for this tool in this workspace. */
    record Approve(String decidedBy, boolean alwaysAllow) implements ApprovalDecision {
        public Approve {
            Objects.requireNonNull(decidedBy, "decidedBy");
        }
    }

    /** Do not run the call. */
    record Cancel(String decidedBy) implements ApprovalDecision {
        public Cancel {
            Objects.requireNonNull(decidedBy, "decidedBy");
        }
    }
}

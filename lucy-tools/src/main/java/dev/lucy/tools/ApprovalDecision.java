package dev.lucy.tools;

import java.util.Objects;

/** A human's answer to an {@link ApprovalRequest}. */
public sealed interface ApprovalDecision {

    /** Who answered (a user id). */
    String decidedBy();

    static ApprovalDecision approve(String userId) {
        return new Approve(userId, false);
    }

    /**
     * Approves this call and stops asking about the tool: for everyone in the workspace when {@code userId} is one of
     * its admins ({@link dev.lucy.tools.spi.WorkspaceAdmins}), else for {@code userId}'s own later calls only.
     */
    static ApprovalDecision alwaysAllow(String userId) {
        return new Approve(userId, true);
    }

    static ApprovalDecision cancel(String userId) {
        return new Cancel(userId);
    }

    /** Run the call; with {@code alwaysAllow}, stop asking about this tool (see {@link #alwaysAllow}). */
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

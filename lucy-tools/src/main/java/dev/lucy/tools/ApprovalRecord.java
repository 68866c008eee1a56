package dev.lucy.tools;

import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one approval.
 *
 * @param request what was asked
 * @param outcome how it ended
 * @param decidedBy who decided; empty when nobody did (expired, interrupted, always allowed)
 * @param decidedAt when it ended
 */
public record ApprovalRecord(ApprovalRequest request, ApprovalOutcome outcome, String decidedBy, Instant decidedAt) {
    public ApprovalRecord {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}

package dev.lucy.tools;

import dev.lucy.tools.contract.ApprovalAuditContract;
import dev.lucy.tools.spi.ApprovalAudit;

/** The in-memory default against the audit contract. */
class InMemoryApprovalAuditTest extends ApprovalAuditContract {
    @Override
    protected ApprovalAudit openAudit() {
        return ApprovalAudit.inMemory();
    }
}

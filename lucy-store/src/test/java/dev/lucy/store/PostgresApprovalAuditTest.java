package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalAudit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval audit in a real PostgreSQL, a fresh database per test, against the durable contract. */
class PostgresApprovalAuditTest extends DurableApprovalAuditContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected ApprovalAudit openAudit() {
        return JdbcApprovalAudit.open(databases.fresh(), "replica-a");
    }

    @Override
    protected ApprovalAudit restart(String owner) {
        return JdbcApprovalAudit.open(databases.again(), owner);
    }

    @Override
    protected void closeAll() {
        databases.closeAll();
    }
}

package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalAudit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Approval audit in a real SQLite file, against the durable contract. */
class SqliteApprovalAuditTest extends DurableApprovalAuditContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected ApprovalAudit openAudit() {
        return JdbcApprovalAudit.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), "replica-a");
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

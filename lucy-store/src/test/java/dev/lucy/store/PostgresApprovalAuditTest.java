package dev.lucy.store;

import dev.lucy.testkit.postgres.EmbeddedPostgres;
import dev.lucy.tools.spi.ApprovalAudit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Approval audit in a real PostgreSQL, a fresh database per test, against the durable contract. */
class PostgresApprovalAuditTest extends DurableApprovalAuditContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected ApprovalAudit openAudit() {
        return JdbcApprovalAudit.open(databases.fresh(postgres.createDatabase()), "replica-a");
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

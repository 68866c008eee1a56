package dev.lucy.store;

import dev.lucy.testkit.postgres.EmbeddedPostgres;
import dev.lucy.tools.spi.ApprovalPreferences;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Approval preferences in a real PostgreSQL, a fresh database per test, against the durable contract. */
class PostgresApprovalPreferencesTest extends DurableApprovalPreferencesContract {
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
    protected ApprovalPreferences openPreferences() {
        return JdbcApprovalPreferences.open(databases.fresh(postgres.createDatabase()), Clock.systemUTC());
    }

    @Override
    protected ApprovalPreferences restart() {
        return JdbcApprovalPreferences.open(databases.again(), Clock.systemUTC());
    }

    @Override
    protected void closeAll() {
        databases.closeAll();
    }
}

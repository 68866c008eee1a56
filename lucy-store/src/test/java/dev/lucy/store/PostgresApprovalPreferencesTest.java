package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalPreferences;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval preferences in a real PostgreSQL, a fresh database per test, against the durable contract. */
class PostgresApprovalPreferencesTest extends DurableApprovalPreferencesContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected ApprovalPreferences openPreferences() {
        return JdbcApprovalPreferences.open(databases.fresh(), Clock.systemUTC());
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

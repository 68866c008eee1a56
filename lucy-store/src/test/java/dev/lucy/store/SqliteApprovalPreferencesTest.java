package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalPreferences;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval preferences in a real SQLite file, against the durable contract. */
class SqliteApprovalPreferencesTest extends DurableApprovalPreferencesContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

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

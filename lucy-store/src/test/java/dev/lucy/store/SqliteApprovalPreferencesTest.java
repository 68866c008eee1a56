package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalPreferences;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** Approval preferences in a real SQLite file, against the durable contract. */
class SqliteApprovalPreferencesTest extends DurableApprovalPreferencesContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected ApprovalPreferences openPreferences() {
        return JdbcApprovalPreferences.open(
                databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), Clock.systemUTC());
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

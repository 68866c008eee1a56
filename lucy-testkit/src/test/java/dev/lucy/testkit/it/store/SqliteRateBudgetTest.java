package dev.lucy.testkit.it.store;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.RateBudget;
import dev.lucy.store.JdbcRateBudget;
import dev.lucy.testkit.it.core.RateBudgetContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Rate budgets in a real SQLite file against the contract every budget store meets. */
class SqliteRateBudgetTest extends RateBudgetContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected RateBudget create(ManualClock clock) {
        return JdbcRateBudget.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), clock);
    }

    @AfterEach
    void close() {
        databases.closeAll();
    }
}

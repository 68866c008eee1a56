package dev.lucy.store;

import dev.lucy.core.model.RateBudget;
import dev.lucy.testkit.contract.RateBudgetContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Rate budgets in a real SQLite file against the contract every budget store meets. */
class SqliteRateBudgetTest extends RateBudgetContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected RateBudget create(Clock clock) {
        return JdbcRateBudget.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), clock);
    }

    @AfterEach
    void close() {
        databases.closeAll();
    }
}

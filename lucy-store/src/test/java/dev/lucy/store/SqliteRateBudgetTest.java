package dev.lucy.store;

import dev.lucy.core.model.RateBudget;
import dev.lucy.testkit.contract.RateBudgetContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rate budgets in a real SQLite file against the contract every budget store meets. */
class SqliteRateBudgetTest extends RateBudgetContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

    @Override
    protected RateBudget create(Clock clock) {
        return JdbcRateBudget.open(databases.fresh(), clock);
    }

    @AfterEach
    void close() {
        databases.closeAll();
    }
}

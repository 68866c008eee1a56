package dev.lucy.store;

import dev.lucy.core.runtime.TaskStore;
import dev.lucy.testkit.contract.TaskStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTaskStoreTest extends TaskStoreContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected TaskStore openStore() {
        return JdbcTaskStore.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")));
    }

    @Override
    protected TaskStore openSecondStore() {
        return JdbcTaskStore.open(databases.again());
    }

    @Override
    protected void closeStores() {
        databases.closeAll();
    }
}

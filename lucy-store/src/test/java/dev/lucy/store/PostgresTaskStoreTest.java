package dev.lucy.store;

import dev.lucy.core.runtime.TaskStore;
import dev.lucy.testkit.contract.TaskStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresTaskStoreTest extends TaskStoreContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected TaskStore openStore() {
        return JdbcTaskStore.open(databases.fresh());
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

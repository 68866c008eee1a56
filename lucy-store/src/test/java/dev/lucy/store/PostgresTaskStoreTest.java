package dev.lucy.store;

import dev.lucy.core.runtime.TaskStore;
import dev.lucy.testkit.contract.TaskStoreContract;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresTaskStoreTest extends TaskStoreContract {
    private static EmbeddedPostgres postgres;

    private final TestDatabases databases = new TestDatabases();

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected TaskStore openStore() {
        return JdbcTaskStore.open(databases.fresh(postgres.createDatabase()));
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

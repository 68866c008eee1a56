package dev.lucy.store;

import dev.lucy.core.runtime.DedupStore;
import dev.lucy.testkit.contract.DedupStoreContract;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresDedupStoreTest extends DedupStoreContract {
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
    protected DedupStore openStore() {
        return JdbcDedupStore.open(databases.fresh(postgres.createDatabase()), TTL, clock);
    }

    @Override
    protected DedupStore openSecondStore() {
        return JdbcDedupStore.open(databases.again(), TTL, clock);
    }

    @Override
    protected void closeStores() {
        databases.closeAll();
    }
}

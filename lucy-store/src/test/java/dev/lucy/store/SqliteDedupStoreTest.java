package dev.lucy.store;

import dev.lucy.core.runtime.DedupStore;
import dev.lucy.testkit.contract.DedupStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDedupStoreTest extends DedupStoreContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected DedupStore openStore() {
        return JdbcDedupStore.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), TTL, clock);
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

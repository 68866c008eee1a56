package dev.lucy.store;

import dev.lucy.core.runtime.DedupStore;
import dev.lucy.testkit.contract.DedupStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteDedupStoreTest extends DedupStoreContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

    @Override
    protected DedupStore openStore() {
        return JdbcDedupStore.open(databases.fresh(), TTL, clock);
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

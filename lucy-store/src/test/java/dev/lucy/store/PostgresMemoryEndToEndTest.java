package dev.lucy.store;

import dev.lucy.memory.contract.MemoryScenario;
import dev.lucy.memory.spi.MemoryStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The memory scenario on real PostgreSQL; the second store is another pool, as a second replica. */
class PostgresMemoryEndToEndTest extends MemoryScenario {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected MemoryStore openStore() {
        return PostgresMemoryStore.open(databases.fresh());
    }

    @Override
    protected MemoryStore openSecondStore() {
        return PostgresMemoryStore.open(databases.again());
    }

    @Override
    protected void closeStores() {
        databases.closeAll();
    }
}

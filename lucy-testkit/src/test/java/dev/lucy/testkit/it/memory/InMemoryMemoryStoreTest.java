package dev.lucy.testkit.it.memory;

import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.testkit.contract.MemoryStoreContract;

/** The default, in-memory store against the contract every store meets; its "second process" is itself. */
class InMemoryMemoryStoreTest extends MemoryStoreContract {

    @Override
    protected MemoryAdminStore openStore() {
        return MemoryStore.inMemory();
    }

    @Override
    protected MemoryAdminStore openSecondStore() {
        return store;
    }

    @Override
    protected void closeStores() {}
}

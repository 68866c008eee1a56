package dev.lucy.memory.spi;

import dev.lucy.memory.contract.MemoryStoreContract;

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

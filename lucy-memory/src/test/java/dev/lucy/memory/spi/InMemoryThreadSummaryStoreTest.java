package dev.lucy.memory.spi;

import dev.lucy.memory.contract.ThreadSummaryStoreContract;

/** The default, in-memory summary store against the contract; its "second process" is itself. */
class InMemoryThreadSummaryStoreTest extends ThreadSummaryStoreContract {

    @Override
    protected ThreadSummaryStore openStore() {
        return ThreadSummaryStore.inMemory();
    }

    @Override
    protected ThreadSummaryStore openSecondStore() {
        return store;
    }
}

package dev.lucy.testkit.it.core;

import dev.lucy.core.runtime.DedupStore;
import dev.lucy.testkit.contract.DedupStoreContract;

class InMemoryDedupStoreTest extends DedupStoreContract {
    private DedupStore store;

    @Override
    protected DedupStore openStore() {
        store = DedupStore.inMemory(TTL, clock);
        return store;
    }

    @Override
    protected DedupStore openSecondStore() {
        return store; // one process: in memory there is no second replica to share with
    }
}

package dev.lucy.memory;

import dev.lucy.memory.contract.MemoryScenario;
import dev.lucy.memory.spi.MemoryStore;

/** The memory scenario on the in-memory store; its "second replica" shares the one store. */
class InMemoryMemoryEndToEndTest extends MemoryScenario {
    private MemoryStore store;

    @Override
    protected MemoryStore openStore() {
        store = MemoryStore.inMemory();
        return store;
    }

    @Override
    protected MemoryStore openSecondStore() {
        return store;
    }

    @Override
    protected void closeStores() {}
}

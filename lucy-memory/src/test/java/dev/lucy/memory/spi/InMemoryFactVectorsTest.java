package dev.lucy.memory.spi;

import dev.lucy.memory.contract.FactVectorsContract;

class InMemoryFactVectorsTest extends FactVectorsContract {
    private final MemoryAdminStore shared = MemoryStore.inMemory();
    private final FactVectors sharedVectors = FactVectors.inMemory(shared);

    @Override
    protected MemoryAdminStore openStore() {
        return shared;
    }

    /** In one process "another process" is the same store: the in-memory default is not shared beyond it. */
    @Override
    protected MemoryAdminStore openSecondStore() {
        return shared;
    }

    @Override
    protected FactVectors vectorsOf(MemoryAdminStore store) {
        return sharedVectors;
    }
}

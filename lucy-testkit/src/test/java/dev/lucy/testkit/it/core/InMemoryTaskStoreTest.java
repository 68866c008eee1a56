package dev.lucy.testkit.it.core;

import dev.lucy.core.runtime.TaskStore;
import dev.lucy.testkit.contract.TaskStoreContract;

class InMemoryTaskStoreTest extends TaskStoreContract {
    private TaskStore store;

    @Override
    protected TaskStore openStore() {
        store = TaskStore.inMemory();
        return store;
    }

    @Override
    protected TaskStore openSecondStore() {
        return store; // the same process: what it saved is what a "restart" of the view sees
    }
}

package dev.lucy.testkit.it.core;

import dev.lucy.core.runtime.SettingsStore;
import dev.lucy.testkit.contract.SettingsStoreContract;

class InMemorySettingsStoreTest extends SettingsStoreContract {
    private SettingsStore store;

    @Override
    protected SettingsStore openStore() {
        store = SettingsStore.inMemory();
        return store;
    }

    @Override
    protected SettingsStore openSecondStore() {
        return store; // one process: the second view is the same store
    }
}

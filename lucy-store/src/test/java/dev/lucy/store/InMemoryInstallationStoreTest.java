package dev.lucy.store;

class InMemoryInstallationStoreTest extends InstallationStoreContract {
    @Override
    protected InstallationStore openStore() {
        return InstallationStore.inMemory();
    }
}

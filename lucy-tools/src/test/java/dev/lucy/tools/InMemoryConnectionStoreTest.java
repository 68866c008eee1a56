package dev.lucy.tools;

import dev.lucy.tools.contract.ConnectionStoreContract;
import dev.lucy.tools.spi.ConnectionStore;

/** The in-memory default against the connection store contract. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {
    @Override
    protected ConnectionStore openStore() {
        return ConnectionStore.inMemory();
    }
}

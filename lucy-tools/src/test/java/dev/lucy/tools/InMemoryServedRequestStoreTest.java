package dev.lucy.tools;

import dev.lucy.tools.contract.ServedRequestStoreContract;
import dev.lucy.tools.spi.ServedRequestStore;

/** The in-memory default against the served-request store contract. */
class InMemoryServedRequestStoreTest extends ServedRequestStoreContract {
    @Override
    protected ServedRequestStore openStore() {
        return ServedRequestStore.inMemory();
    }
}

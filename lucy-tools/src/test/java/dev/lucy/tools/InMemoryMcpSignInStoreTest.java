package dev.lucy.tools;

import dev.lucy.tools.contract.McpSignInStoreContract;
import dev.lucy.tools.spi.McpSignInStore;

/** The in-memory default against the sign-in store contract. */
class InMemoryMcpSignInStoreTest extends McpSignInStoreContract {
    @Override
    protected McpSignInStore openStore() {
        return McpSignInStore.inMemory();
    }
}

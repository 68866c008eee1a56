package dev.lucy.tools;

import dev.lucy.tools.contract.McpTokenStoreContract;
import dev.lucy.tools.spi.McpTokenStore;

/** The in-memory default against the token store contract. */
class InMemoryMcpTokenStoreTest extends McpTokenStoreContract {
    @Override
    protected McpTokenStore openStore() {
        return McpTokenStore.inMemory();
    }
}

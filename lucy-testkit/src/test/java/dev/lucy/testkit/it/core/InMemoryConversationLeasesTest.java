package dev.lucy.testkit.it.core;

import dev.lucy.core.runtime.ConversationLeases;
import dev.lucy.testkit.contract.ConversationLeasesContract;

class InMemoryConversationLeasesTest extends ConversationLeasesContract {
    private ConversationLeases leases;

    @Override
    protected ConversationLeases openLeases() {
        leases = ConversationLeases.inMemory(clock);
        return leases;
    }

    @Override
    protected ConversationLeases openLeasesAgain() {
        return leases; // one process: the replicas in it share one set of leases
    }
}

package dev.lucy.testkit.it.core;

import dev.lucy.core.runtime.Inbox;
import dev.lucy.testkit.contract.InboxContract;

class InMemoryInboxTest extends InboxContract {
    private Inbox inbox;

    @Override
    protected Inbox openInbox() {
        inbox = Inbox.inMemory(TTL, clock);
        return inbox;
    }

    @Override
    protected Inbox openSecondInbox() {
        return inbox; // one process: in memory there is no second one to share with
    }
}

package dev.lucy.store;

import dev.lucy.core.runtime.Inbox;
import dev.lucy.testkit.contract.InboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresInboxTest extends InboxContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected Inbox openInbox() {
        return JdbcInbox.open(databases.fresh(), "lucy-1", TTL, clock);
    }

    @Override
    protected Inbox openSecondInbox() {
        return JdbcInbox.open(databases.again(), "lucy-1", TTL, clock);
    }

    @Override
    protected void closeInboxes() {
        databases.closeAll();
    }
}

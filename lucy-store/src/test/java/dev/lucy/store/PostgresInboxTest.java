package dev.lucy.store;

import dev.lucy.core.runtime.Inbox;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresInboxTest extends DurableInboxContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected Inbox openInbox() {
        return JdbcInbox.open(databases.fresh(), "lucy-1", TTL, clock);
    }

    @Override
    protected Inbox openSecondInbox() {
        return openInboxOf("lucy-1");
    }

    @Override
    protected Inbox openInboxOf(String owner) {
        return JdbcInbox.open(databases.again(), owner, TTL, clock);
    }

    @Override
    protected void closeInboxes() {
        databases.closeAll();
    }
}

package dev.lucy.testkit.it.store;

import dev.lucy.core.runtime.Inbox;
import dev.lucy.store.JdbcInbox;
import dev.lucy.testkit.contract.InboxContract;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresInboxTest extends InboxContract {
    private static EmbeddedPostgres postgres;

    private final TestDatabases databases = new TestDatabases();

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected Inbox openInbox() {
        return JdbcInbox.open(databases.fresh(postgres.createDatabase()), "lucy-1", TTL, clock);
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

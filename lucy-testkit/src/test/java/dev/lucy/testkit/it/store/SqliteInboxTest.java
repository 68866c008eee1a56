package dev.lucy.testkit.it.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.runtime.Inbox;
import dev.lucy.store.JdbcInbox;
import dev.lucy.testkit.contract.InboxContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxTest extends InboxContract {
    @TempDir
    Path dir;

    private final TestDatabases databases = new TestDatabases();

    @Override
    protected Inbox openInbox() {
        return JdbcInbox.open(databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db")), "lucy-1", TTL, clock);
    }

    @Override
    protected Inbox openSecondInbox() {
        return JdbcInbox.open(databases.again(), "lucy-1", TTL, clock);
    }

    @Override
    protected void closeInboxes() {
        databases.closeAll();
    }

    @Test
    void a_start_resumes_only_its_own_instances_events() {
        openInbox().receive(event("Ev1", "1.1", "deploy status?"));
        Inbox other = JdbcInbox.open(databases.again(), "lucy-2", TTL, clock);
        other.receive(event("Ev2", "1.2", "and the freeze?"));
        assertThat(other.resume()).extracting(e -> e.eventId()).containsExactly("Ev2");
        assertThat(openSecondInbox().resume()).extracting(e -> e.eventId()).containsExactly("Ev1");
    }

    @Test
    void the_inbox_outlives_the_process() {
        Inbox inbox = openInbox();
        assertThat(inbox.durable()).isTrue();
        inbox.receive(event("Ev1", "1.1", "deploy status?"));
        databases.closeAll(); // the process is gone
        assertThat(openSecondInbox().resume()).extracting(e -> e.eventId()).containsExactly("Ev1");
    }
}

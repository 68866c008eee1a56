package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.testkit.contract.InboxContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteInboxTest extends InboxContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

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

    @Test
    void a_start_resumes_only_its_own_instances_events() {
        openInbox().receive(event("Ev1", "1.1", "deploy status?"));
        Inbox other = JdbcInbox.open(databases.again(), "lucy-2", TTL, clock);
        other.receive(event("Ev2", "1.2", "and the freeze?"));
        assertThat(other.resume()).extracting(InboxEntry::eventId).containsExactly("Ev2");
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::eventId).containsExactly("Ev1");
    }

    @Test
    void the_inbox_outlives_the_process() {
        Inbox inbox = openInbox();
        assertThat(inbox.durable()).isTrue();
        inbox.receive(event("Ev1", "1.1", "deploy status?"));
        databases.closeAll(); // the process is gone
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::eventId).containsExactly("Ev1");
    }
}

package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.testkit.contract.InboxContract;
import org.junit.jupiter.api.Test;
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

    @Test
    void another_replica_takes_a_queued_run_for_itself_and_the_receiver_can_no_longer_finish_it() {
        Inbox receiver = openInbox();
        InboxEntry entry =
                ((Inbox.Receipt.Received) receiver.receive(event("Ev1", "1.1", "why did the deploy fail?"))).entry();
        TriageDecision.AgentRun run =
                new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "hourglass", false);
        receiver.queueRun(entry, run);
        Inbox holder = JdbcInbox.open(databases.again(), "lucy-2", TTL, clock);

        InboxEntry taken =
                holder.take(holder.queuedRuns("C1:1.0").get(0).entry()).orElseThrow();
        assertThat(taken.owner()).isEqualTo("lucy-2");
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(receiver.take(entry)).isEmpty();

        receiver.finish(entry);
        assertThat(holder.queuedRuns("C1:1.0")).containsExactly(new Inbox.QueuedRun(taken, run));
        assertThat(receiver.resume()).isEmpty(); // the receiver's restart leaves it to the replica that took it
        holder.finish(taken);
        assertThat(holder.queuedRuns("C1:1.0")).isEmpty();
    }
}

package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.testkit.contract.InboxContract;
import org.junit.jupiter.api.Test;

/**
 * What a durable {@link Inbox} adds: entries outlive the process, and each instance sharing the database resumes
 * its own entries only. {@link #openInbox()} and {@link #openSecondInbox()} open as instance {@code lucy-1}.
 */
abstract class DurableInboxContract extends InboxContract {

    /** The inbox of another instance, {@code owner}, on the same database as the last {@link #openInbox()}. */
    protected abstract Inbox openInboxOf(String owner);

    /** Closes every inbox opened so far, as if their processes stopped. */
    @Override
    protected abstract void closeInboxes();

    @Test
    void a_start_resumes_only_its_own_instances_events() {
        openInbox().receive(event("Ev1", "1.1", "deploy status?"));
        Inbox other = openInboxOf("lucy-2");
        other.receive(event("Ev2", "1.2", "and the freeze?"));
        assertThat(other.resume()).extracting(InboxEntry::eventId).containsExactly("Ev2");
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::eventId).containsExactly("Ev1");
    }

    @Test
    void the_inbox_outlives_the_process() {
        Inbox inbox = openInbox();
        assertThat(inbox.durable()).isTrue();
        inbox.receive(event("Ev1", "1.1", "deploy status?"));
        closeInboxes(); // the process is gone
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::eventId).containsExactly("Ev1");
    }

    @Test
    void a_credential_in_a_message_is_kept_masked_and_the_receiving_process_runs_it_as_written() {
        String text = "why does sk-live-4f9a8b7c6d5e4f3a2b1c get a 401?";
        InboxEntry received = ((Inbox.Receipt.Received) openInbox().receive(event("Ev1", "1.1", text))).entry();
        assertThat(received.event().text()).isEqualTo(text);
        closeInboxes(); // the process is gone; its restart reads what was kept

        assertThat(openSecondInbox().resume())
                .singleElement()
                .extracting(entry -> entry.event().text())
                .asString()
                .doesNotContain("4f9a8b7c6d5e4f3a2b1c")
                .contains("[redacted API key]", "get a 401?");
    }

    @Test
    void where_an_attempt_began_showing_its_answer_reaches_the_next_attempt() {
        Inbox inbox = openInbox();
        InboxEntry first = ((Inbox.Receipt.Received) inbox.receive(event("Ev1", "1.1", "draft the notes"))).entry();
        inbox.drafted(first, "1.2"); // a progress note
        inbox.drafted(first, "1.3"); // the stream that followed it
        closeInboxes();

        Inbox restarted = openSecondInbox();
        InboxEntry second = restarted.resume().getFirst();
        assertThat(second.drafts()).containsExactly("1.2", "1.3");
        restarted.drafted(first, "1.4"); // the earlier attempt, stale, changes nothing
        restarted.drafted(second, "1.5");
        closeInboxes();

        assertThat(openSecondInbox().resume().getFirst().drafts()).containsExactly("1.2", "1.3", "1.5");
    }

    @Test
    void another_replica_takes_a_queued_run_for_itself_and_the_receiver_can_no_longer_finish_it() {
        Inbox receiver = openInbox();
        InboxEntry entry =
                ((Inbox.Receipt.Received) receiver.receive(event("Ev1", "1.1", "why did the deploy fail?"))).entry();
        TriageDecision.AgentRun run =
                new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "hourglass", false);
        receiver.queueRun(entry, run);
        Inbox holder = openInboxOf("lucy-2");

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

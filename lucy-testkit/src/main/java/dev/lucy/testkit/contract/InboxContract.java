package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.InboxEntry;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.TriageDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Inbox} must do: decide duplicates and keep the first delivery in one atomic step, keep what is
 * needed to answer an event until it is finished, hand unfinished events to exactly one new attempt, and refuse to
 * let an older attempt finish a newer one; also across two inboxes on one database (a restart, or a second process
 * of the same instance). For several replicas: list the runs waiting in a conversation, oldest first, with what
 * triage decided, and hand each to one new attempt. Extend it and open inboxes in {@link #openInbox} and {@link #openSecondInbox}.
 */
public abstract class InboxContract {
    protected static final Duration TTL = Duration.ofMinutes(30);

    /** The time the inboxes see; tests move it. */
    protected final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));

    /** An inbox on a fresh, empty database, with deduplication time to live {@link #TTL} and {@link #clock}. */
    protected abstract Inbox openInbox();

    /**
     * Another inbox with the same owner on the same database as the last {@link #openInbox()}, as the same
     * instance has after a restart.
     */
    protected abstract Inbox openSecondInbox();

    /** Releases what the test opened. */
    protected void closeInboxes() {}

    @AfterEach
    void closeTheInboxes() {
        closeInboxes();
    }

    /** A message in thread {@code C1:1.0} of workspace {@code T1}, sent now. */
    protected InboundEvent event(String eventId, String messageId, String text) {
        return new InboundEvent(eventId, new Caller("T1", "U1", "C1:1.0"), messageId, text, clock.instant());
    }

    @Test
    void the_first_delivery_is_kept_and_redeliveries_of_the_event_or_its_message_are_duplicates() {
        Inbox inbox = openInbox();
        InboundEvent first = event("Ev1", "1.1", "what changed in the release?");
        assertThat(inbox.receive(first)).isInstanceOf(Inbox.Receipt.Received.class);
        assertThat(inbox.receive(first)).isEqualTo(new Inbox.Receipt.Duplicate(Inbox.eventKey(first)));
        InboundEvent sameMessage = event("Ev2", "1.1", "what changed in the release?");
        assertThat(inbox.receive(sameMessage)).isEqualTo(new Inbox.Receipt.Duplicate(Inbox.messageKey(sameMessage)));
        assertThat(inbox.receive(event("Ev3", "1.2", "and the one before?")))
                .isInstanceOf(Inbox.Receipt.Received.class);
    }

    @Test
    void a_received_event_is_kept_with_everything_needed_to_answer_it_until_it_is_finished() {
        Inbox inbox = openInbox();
        InboundEvent asked = new InboundEvent(
                "Ev1",
                new Caller("T9", "U7", "C2:1700000000.000100"),
                "1700000001.000200",
                "Résumé of «the incident» 🚒\nline two",
                Instant.parse("2026-03-01T08:59:58.123Z"));
        Inbox.Receipt.Received received = (Inbox.Receipt.Received) inbox.receive(asked);
        assertThat(received.entry().attempt()).isEqualTo(1);
        assertThat(received.entry().event()).isEqualTo(asked);

        List<InboxEntry> left = openSecondInbox().resume();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).event()).isEqualTo(asked);
        assertThat(left.get(0).attempt()).isEqualTo(2);
        assertThat(left.get(0).owner()).isEqualTo(received.entry().owner());
        assertThat(left.get(0).receivedAt()).isEqualTo(received.entry().receivedAt());

        inbox.finish(left.get(0));
        assertThat(openSecondInbox().resume()).isEmpty();
    }

    @Test
    void a_finished_event_is_not_resumed_and_its_redelivery_is_still_a_duplicate() {
        Inbox inbox = openInbox();
        InboundEvent asked = event("Ev1", "1.1", "deploy status?");
        Inbox.Receipt.Received received = (Inbox.Receipt.Received) inbox.receive(asked);
        inbox.receive(event("Ev2", "1.2", "and the freeze?"));
        inbox.finish(received.entry());
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::eventId).containsExactly("Ev2");
        assertThat(inbox.receive(asked)).isInstanceOf(Inbox.Receipt.Duplicate.class);
    }

    @Test
    void an_older_attempt_cannot_finish_an_event_a_newer_attempt_has_taken() {
        Inbox inbox = openInbox();
        InboxEntry first = ((Inbox.Receipt.Received) inbox.receive(event("Ev1", "1.1", "deploy status?"))).entry();
        List<InboxEntry> taken = openSecondInbox().resume();
        assertThat(taken).extracting(InboxEntry::attempt).containsExactly(2);

        inbox.finish(first); // the first process, still alive, ends its run late
        List<InboxEntry> again = openSecondInbox().resume();
        assertThat(again).extracting(InboxEntry::attempt).containsExactly(3);

        inbox.finish(taken.get(0)); // attempt 2 is no longer the holder either
        assertThat(openSecondInbox().resume()).extracting(InboxEntry::attempt).containsExactly(4);
    }

    @Test
    void unfinished_events_are_resumed_oldest_first() {
        Inbox inbox = openInbox();
        for (int i = 1; i <= 5; i++) {
            inbox.receive(event("Ev" + i, "1." + i, "question " + i));
            clock.advance(Duration.ofMillis(250));
        }
        assertThat(openSecondInbox().resume())
                .extracting(InboxEntry::eventId)
                .containsExactly("Ev1", "Ev2", "Ev3", "Ev4", "Ev5");
    }

    @Test
    void concurrent_resumes_hand_each_attempt_of_an_event_to_one_taker_only() throws Exception {
        Inbox inbox = openInbox();
        for (int i = 0; i < 60; i++) {
            inbox.receive(event("Ev" + i, "1." + i, "question " + i));
        }
        Inbox first = openSecondInbox();
        Inbox second = openSecondInbox();
        List<Callable<List<InboxEntry>>> takers = new ArrayList<>();
        for (Inbox taker : List.of(first, second, first, second)) {
            takers.add(taker::resume);
        }
        // A resume that comes after another has taken an event takes it over (that is how a restart takes over
        // from a process that died); what never happens is two takers holding the same attempt.
        List<String> attempts = new ArrayList<>();
        Set<String> events = new HashSet<>();
        for (List<InboxEntry> taken : AtOnce.results(takers)) {
            for (InboxEntry entry : taken) {
                attempts.add(entry.eventId() + "#" + entry.attempt());
                events.add(entry.eventId());
            }
        }
        assertThat(attempts).doesNotHaveDuplicates();
        assertThat(events).hasSize(60);
    }

    @Test
    void exactly_one_of_many_concurrent_deliveries_is_received_across_two_inboxes() throws Exception {
        Inbox first = openInbox();
        Inbox second = openSecondInbox();
        for (int round = 0; round < 5; round++) {
            InboundEvent delivered = event("race-" + round, "2." + round, "question " + round);
            List<Callable<Inbox.Receipt>> deliveries = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Inbox inbox = i % 2 == 0 ? first : second;
                // half the deliveries repeat the event id, half bring the same message under another id
                InboundEvent copy = i % 4 < 2
                        ? delivered
                        : new InboundEvent(
                                "other-" + round + "-" + i,
                                delivered.caller(),
                                delivered.messageId(),
                                delivered.text(),
                                delivered.sentAt());
                deliveries.add(() -> inbox.receive(copy));
            }
            assertThat(AtOnce.results(deliveries))
                    .filteredOn(receipt -> receipt instanceof Inbox.Receipt.Received)
                    .as("received for round " + round)
                    .hasSize(1);
        }
        assertThat(openSecondInbox().resume()).hasSize(5);
    }

    @Test
    void a_burst_of_different_deliveries_each_gets_its_own_answer() throws Exception {
        Inbox inbox = openInbox();
        inbox.receive(event("burst-7", "3.7", "seen before the burst"));
        List<Callable<Inbox.Receipt>> deliveries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int n = i % 300; // every event twice, at the same time
            deliveries.add(() -> inbox.receive(event("burst-" + n, "3." + n, "question " + n)));
        }
        Map<String, Integer> received = new HashMap<>();
        for (Inbox.Receipt outcome : AtOnce.results(deliveries)) {
            if (outcome instanceof Inbox.Receipt.Received r) {
                received.merge(r.entry().eventId(), 1, Integer::sum);
            }
        }
        assertThat(received).hasSize(299).doesNotContainKey("burst-7");
        assertThat(received.values()).containsOnly(1);
        Set<String> kept = new HashSet<>();
        openSecondInbox().resume().forEach(entry -> kept.add(entry.eventId()));
        assertThat(kept).hasSize(300);
    }

    @Test
    void a_delivery_is_remembered_for_the_time_to_live_after_it_is_finished_and_then_forgotten() {
        Inbox inbox = openInbox();
        InboundEvent asked = event("Ev1", "1.1", "deploy status?");
        inbox.finish(((Inbox.Receipt.Received) inbox.receive(asked)).entry());
        clock.advance(TTL.minusSeconds(1));
        assertThat(inbox.receive(asked)).isInstanceOf(Inbox.Receipt.Duplicate.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(inbox.receive(asked)).isInstanceOf(Inbox.Receipt.Received.class);
    }

    private static final TriageDecision.AgentRun QUICK_RUN =
            new TriageDecision.AgentRun(Priority.INTERACTIVE_FAST, ModelTier.FAST, "hourglass_flowing_sand", false);
    private static final TriageDecision.AgentRun DEEP_RUN =
            new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.FRONTIER, "mag", false);

    private static InboxEntry received(Inbox inbox, InboundEvent event) {
        return ((Inbox.Receipt.Received) inbox.receive(event)).entry();
    }

    @Test
    void runs_queued_in_a_conversation_are_listed_oldest_first_with_their_decisions_until_finished() {
        Inbox inbox = openInbox();
        InboxEntry first = received(inbox, event("Ev1", "1.1", "why did the deploy fail?"));
        clock.advance(Duration.ofMillis(5));
        received(inbox, event("Ev2", "1.2", "thanks!")); // answered at once, never queued for a run
        clock.advance(Duration.ofMillis(5));
        InboxEntry third = received(inbox, event("Ev3", "1.3", "and how do we fix it?"));
        InboxEntry elsewhere = received(
                inbox,
                new InboundEvent("Ev4", new Caller("T1", "U2", "C7:2.0"), "2.1", "standup notes?", clock.instant()));
        inbox.queueRun(third, DEEP_RUN);
        inbox.queueRun(first, QUICK_RUN);
        inbox.queueRun(elsewhere, QUICK_RUN);

        assertThat(openSecondInbox().queuedRuns("C1:1.0"))
                .containsExactly(new Inbox.QueuedRun(first, QUICK_RUN), new Inbox.QueuedRun(third, DEEP_RUN));

        inbox.finish(first);
        assertThat(openSecondInbox().queuedRuns("C1:1.0"))
                .extracting(q -> q.entry().eventId())
                .containsExactly("Ev3");
        assertThat(openSecondInbox().queuedRuns("C7:2.0"))
                .extracting(q -> q.entry().eventId())
                .containsExactly("Ev4");
        assertThat(openSecondInbox().queuedRuns("C8:3.0")).isEmpty();
    }

    @Test
    void a_finished_entry_cannot_be_queued_for_a_run() {
        Inbox inbox = openInbox();
        InboxEntry entry = received(inbox, event("Ev1", "1.1", "why did the deploy fail?"));
        inbox.finish(entry);
        inbox.queueRun(entry, QUICK_RUN);
        assertThat(openSecondInbox().queuedRuns("C1:1.0")).isEmpty();
    }

    @Test
    void a_queued_entry_is_taken_for_the_next_attempt_once_and_the_older_attempt_cannot_finish_it() {
        Inbox inbox = openInbox();
        InboxEntry entry = received(inbox, event("Ev1", "1.1", "why did the deploy fail?"));
        inbox.queueRun(entry, DEEP_RUN);
        Inbox holder = openSecondInbox();

        InboxEntry taken = holder.take(entry).orElseThrow();
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.event()).isEqualTo(entry.event());
        assertThat(holder.take(entry)).isEmpty(); // attempt 1 is gone: nobody takes it twice
        assertThat(holder.queuedRuns("C1:1.0")).containsExactly(new Inbox.QueuedRun(taken, DEEP_RUN));

        inbox.finish(entry); // the receiver, late
        assertThat(holder.queuedRuns("C1:1.0")).hasSize(1);
        holder.finish(taken);
        assertThat(holder.queuedRuns("C1:1.0")).isEmpty();
        assertThat(holder.take(taken)).isEmpty();
    }

    @Test
    void events_of_two_workspaces_are_each_kept_for_their_own_person_and_finishing_one_leaves_the_other() {
        Inbox inbox = openInbox();
        InboundEvent anas =
                new InboundEvent("Ev1", new Caller("T1", "U1", "C1:1.0"), "1.1", "deploy status?", clock.instant());
        InboundEvent boris =
                new InboundEvent("Ev2", new Caller("T2", "U2", "C2:1.0"), "1.1", "is the freeze on?", clock.instant());
        InboxEntry ana = ((Inbox.Receipt.Received) inbox.receive(anas)).entry();
        assertThat(inbox.receive(boris)).isInstanceOf(Inbox.Receipt.Received.class);

        inbox.finish(ana);

        assertThat(openSecondInbox().resume()).extracting(InboxEntry::event).containsExactly(boris);
        assertThat(inbox.receive(anas)).isInstanceOf(Inbox.Receipt.Duplicate.class);
    }

    @Test
    void tidying_up_after_many_deliveries_forgets_only_the_deliveries_whose_time_ran_out() throws Exception {
        Inbox inbox = openInbox();
        InboundEvent old = event("old", "0.1", "deploy status?");
        inbox.finish(((Inbox.Receipt.Received) inbox.receive(old)).entry());
        clock.advance(TTL.plusSeconds(1));
        InboundEvent live = event("live", "0.2", "and the freeze?");
        inbox.finish(((Inbox.Receipt.Received) inbox.receive(live)).entry());
        // enough deliveries for an inbox to purge expired keys on the way (lucy-store's do every 1,000)
        List<Future<Inbox.Receipt>> later = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1_050; i++) {
                InboundEvent event = event("later-" + i, "4." + i, "question " + i);
                later.add(threads.submit(() -> inbox.receive(event)));
            }
        }
        for (Future<Inbox.Receipt> receipt : later) {
            assertThat(receipt.get()).isInstanceOf(Inbox.Receipt.Received.class);
        }

        assertThat(inbox.receive(live)).isInstanceOf(Inbox.Receipt.Duplicate.class);
        assertThat(inbox.receive(old)).isInstanceOf(Inbox.Receipt.Received.class);
    }
}

package dev.lucy.core.runtime;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ModelTier;
import dev.lucy.testkit.fake.RecordingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two runtimes in one process standing in for two replicas: one inbox and one set of conversation leases, both in
 * memory, shared by both, each runtime with its own port view and handler. (lucy-store runs the same on PostgreSQL.)
 */
class ConversationLeaseRuntimeTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String THREAD = "C1:1700000000.000100";

    private static final TriageDecision.AgentRun AGENT_RUN =
            new TriageDecision.AgentRun(Priority.INTERACTIVE, ModelTier.DEFAULT, "hourglass", false);

    private final ManualClock clock = ManualClock.startingAt(T0);
    private final RecordingPort port = new RecordingPort();
    private final Inbox shared = Inbox.inMemory(Duration.ofHours(2), clock);
    /** An event the takeover of a silent replica's work takes for a new attempt just before a run takes it. */
    private volatile String takenOverFirst;

    private final Inbox inbox = new ForwardingInbox(shared) {
        @Override
        public Optional<InboxEntry> take(InboxEntry entry) {
            if (entry.eventId().equals(takenOverFirst)) {
                takenOverFirst = null;
                shared.take(entry); // the takeover's attempt: the run's own take finds the entry moved on
            }
            return shared.take(entry);
        }
    };
    private final ConversationLeases leases = ConversationLeases.inMemory(clock);
    private final List<LucyRuntime> replicas = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Runs of each conversation in progress, across both replicas, and the most seen at once. */
    private final ConcurrentMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
    }

    /** A replica named {@code name} whose runs answer "NAME: TEXT" through their fenced port after {@code work}. */
    private LucyRuntime replica(String name, ConversationLeases leases, RuntimeConfig config, Runnable work) {
        return replica(name, leases, config, work, () -> {});
    }

    /**
     * Asks {@code one} a first question and, once its run reached {@code stalled}, lets its lease run out and asks
     * {@code two} a second one; answers the first two posts of the thread.
     */
    private List<String> askTwiceAcrossAnExpiredLease(LucyRuntime one, LucyRuntime two, CountDownLatch stalled) {
        one.submit(message("why did the deploy fail?"));
        await(stalled);
        clock.advance(RuntimeConfig.DEFAULT_LEASE_TTL.plusSeconds(1));
        two.submit(message("is the deploy fixed yet?"));
        return port.awaitPosts(THREAD, 2);
    }

    /** As above, with {@code afterwards} done once the answer shows, before the runtime records it. */
    private LucyRuntime replica(
            String name, ConversationLeases leases, RuntimeConfig config, Runnable work, Runnable afterwards) {
        RunHandler handler = request -> {
            String conversation = request.event().conversationId();
            int now = running.computeIfAbsent(conversation, c -> new AtomicInteger())
                    .incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                work.run();
                request.fenced(port)
                        .postAnswer(
                                conversation,
                                request.event().eventId(),
                                name + ": " + request.event().text());
                afterwards.run();
            } finally {
                running.get(conversation).decrementAndGet();
            }
        };
        LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(handler)
                .inbox(inbox)
                .clock(clock)
                .config(config)
                .leases(leases, name)
                .build()
                .start();
        replicas.add(runtime);
        return runtime;
    }

    private InboundEvent message(String text) {
        int id = ids.incrementAndGet();
        clock.advance(Duration.ofMillis(1)); // each arrives after the one before
        return new InboundEvent("Ev" + id, new Caller("T1", "U1", THREAD), "ts" + id, text, clock.instant());
    }

    @Test
    void follow_ups_delivered_to_two_replicas_run_one_at_a_time_in_the_order_they_arrived() {
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Runnable work = () -> {
            if (first.getAndSet(false)) {
                firstRunStarted.countDown();
                await(release);
            }
        };
        LucyRuntime one = replica("lucy-1", leases, RuntimeConfig.defaults(), work);
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), work);

        one.submit(message("why did the deploy fail?"));
        await(firstRunStarted);
        two.submit(message("was it the migration?"));
        one.submit(message("can we roll it back?"));
        two.submit(message("who should I tell?"));
        release.countDown();

        List<String> answers = port.awaitPosts(THREAD, 4);
        assertThat(answers)
                .extracting(answer -> answer.substring(answer.indexOf(": ") + 2))
                .containsExactly(
                        "why did the deploy fail?",
                        "was it the migration?",
                        "can we roll it back?",
                        "who should I tell?");
        assertThat(mostAtOnce).hasValue(1);
        await(() -> inbox.queuedRuns(THREAD).isEmpty(), "every run finished in the inbox");
        assertThat(port.posts(THREAD)).hasSize(4);
    }

    @Test
    void a_replica_whose_lease_ran_out_cannot_post_after_another_took_over() {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        LucyRuntime one = replica("lucy-1", leases, RuntimeConfig.defaults(), () -> {
            paused.countDown();
            await(resume); // a long pause, in the middle of the run
        });
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});

        assertThat(askTwiceAcrossAnExpiredLease(one, two, paused))
                .containsExactly("lucy-2: why did the deploy fail?", "lucy-2: is the deploy fixed yet?");
        resume.countDown(); // lucy-1 wakes up and tries to answer
        await(() -> running.get(THREAD).get() == 0, "lucy-1's run to end");
        assertThat(port.posts(THREAD)).noneMatch(post -> post.startsWith("lucy-1"));
        await(() -> inbox.queuedRuns(THREAD).isEmpty(), "every run finished in the inbox");
    }

    @Test
    void an_answer_shown_by_a_replica_that_lost_the_lease_before_recording_it_is_not_given_again() {
        CountDownLatch answered = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        LucyRuntime one = replica("lucy-1", leases, RuntimeConfig.defaults(), () -> {}, () -> {
            if (first.getAndSet(false)) {
                answered.countDown();
                await(resume); // paused between showing the answer and recording it
            }
        });
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});

        assertThat(askTwiceAcrossAnExpiredLease(one, two, answered))
                .containsExactly("lucy-1: why did the deploy fail?", "lucy-2: is the deploy fixed yet?");
        await(() -> inbox.queuedRuns(THREAD).isEmpty(), "both events finished in the inbox");
        resume.countDown();
        await(() -> running.get(THREAD).get() == 0, "lucy-1's run to end");
        assertThat(port.posts(THREAD)).hasSize(2);
    }

    @Test
    void a_follow_up_waits_for_an_older_message_another_replica_is_still_triaging() throws Exception {
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});
        InboxEntry triaging = received(message("why did the deploy fail?")); // lucy-1 received it, triage goes on

        two.submit(message("is it fixed yet?"));
        Thread.sleep(300);
        assertThat(port.posts(THREAD))
                .as("nothing runs before the older message")
                .isEmpty();
        inbox.queueRun(triaging, AGENT_RUN); // lucy-1's triage ends

        assertThat(port.awaitPosts(THREAD, 2))
                .containsExactly("lucy-2: why did the deploy fail?", "lucy-2: is it fixed yet?");
    }

    @Test
    void an_older_message_that_reaches_a_replica_a_moment_later_still_runs_first() throws Exception {
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});
        InboundEvent older = message("why did the deploy fail?");
        InboundEvent newer = message("is it fixed yet?");

        two.submit(newer); // delivered first, on lucy-2's connection
        Thread.sleep(RuntimeConfig.DEFAULT_ORDER_WINDOW.toMillis() / 4);
        inbox.queueRun(received(older), AGENT_RUN); // lucy-1 received and triaged the older one just after

        assertThat(port.awaitPosts(THREAD, 2))
                .containsExactly("lucy-2: why did the deploy fail?", "lucy-2: is it fixed yet?");
    }

    @Test
    void an_older_message_taken_over_just_as_its_turn_comes_still_runs_before_the_younger_one() {
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});
        // lucy-1 received and triaged the older message, then went silent; the takeover of its work takes the entry
        // for a new attempt (and triages it again) just as lucy-2, holding the conversation, comes to it.
        InboxEntry older = received(message("why did the deploy fail?"));
        inbox.queueRun(older, AGENT_RUN);
        takenOverFirst = older.eventId();

        two.submit(message("is it fixed yet?"));

        assertThat(port.awaitPosts(THREAD, 2))
                .containsExactly("lucy-2: why did the deploy fail?", "lucy-2: is it fixed yet?");
        await(() -> inbox.queuedRuns(THREAD).isEmpty(), "both events finished in the inbox");
    }

    private InboxEntry received(InboundEvent event) {
        return ((Inbox.Receipt.Received) inbox.receive(event)).entry();
    }

    @Test
    void a_run_whose_lease_renewal_finds_it_taken_over_is_stopped() {
        RuntimeConfig shortLease =
                RuntimeConfig.builder().leaseTtl(Duration.ofMillis(300)).build();
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        LucyRuntime one = replica("lucy-1", leases, shortLease, () -> {
            working.countDown();
            try {
                new CountDownLatch(1).await(); // works until stopped
            } catch (InterruptedException e) {
                stopped.countDown();
                Thread.currentThread().interrupt();
            }
        });
        LucyRuntime two = replica("lucy-2", leases, shortLease, () -> {});

        one.submit(message("why did the deploy fail?"));
        await(working);
        clock.advance(Duration.ofSeconds(1)); // lucy-1 paused past its lease; its renewals find it lost
        two.submit(message("is the deploy fixed?"));

        await(stopped);
        assertThat(port.awaitPosts(THREAD, 2))
                .containsExactly("lucy-2: why did the deploy fail?", "lucy-2: is the deploy fixed?");
        assertThat(port.posts(THREAD)).noneMatch(post -> post.startsWith("lucy-1"));
    }

    @Test
    void a_cancel_stops_the_run_a_replica_runs_under_the_lease_and_the_next_one_still_runs() {
        CountDownLatch working = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        LucyRuntime one = replica("lucy-1", leases, RuntimeConfig.defaults(), () -> {
            if (first.getAndSet(false)) {
                working.countDown();
                try {
                    new CountDownLatch(1).await(); // works until cancelled
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("cancelled", e);
                }
            }
        });
        LucyRuntime two = replica("lucy-2", leases, RuntimeConfig.defaults(), () -> {});

        one.submit(message("why did the deploy fail?"));
        await(working);
        two.submit(message("and who owns the migration?")); // waits for lucy-1, which holds the thread
        one.submit(message("cancel that"));

        // The confirmation and the next answer go out independently, in either order.
        List<String> posts = port.awaitPosts(THREAD, 2);
        assertThat(posts).containsOnlyOnce(RuntimeNotices.defaults().cancelled());
        assertThat(posts)
                .filteredOn(post -> post.endsWith(": and who owns the migration?"))
                .hasSize(1);
        await(() -> inbox.queuedRuns(THREAD).isEmpty(), "every run finished in the inbox");
        assertThat(port.posts(THREAD)).hasSize(2);
    }

    @Test
    void one_process_takes_no_lease() {
        ConversationLeases refusing = new ConversationLeases() {
            @Override
            public Grant acquire(String conversationId, String owner, Duration ttl) {
                throw new AssertionError("asked for a lease");
            }

            @Override
            public java.util.Optional<Lease> renew(Lease lease, Duration ttl) {
                throw new AssertionError("asked to renew a lease");
            }

            @Override
            public void release(Lease lease) {
                throw new AssertionError("asked to release a lease");
            }

            @Override
            public boolean shared() {
                return false;
            }
        };
        LucyRuntime one = replica("lucy-1", refusing, RuntimeConfig.defaults(), () -> {});
        one.submit(message("why did the deploy fail?"));
        assertThat(port.awaitPosts(THREAD, 1)).containsExactly("lucy-1: why did the deploy fail?");
        assertThat(ConversationLeases.single().shared()).isFalse();
    }
}

package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Agent runs when several replicas share the conversations: at most one run per conversation at any moment across
 * them, in the order the messages were received, under the conversation's lease.
 *
 * <p>An event triaged to an agent run is marked in the inbox as waiting for its conversation's run
 * ({@link Inbox#queueRun}) and queued in the conversation's lane as usual. When the lane's turn comes, the job takes
 * the conversation's lease and then runs every run waiting in the conversation, oldest first, whichever replica
 * received it (taking the others' entries for a new attempt, so only one attempt can finish each); then releases the
 * lease and looks once more, so a run queued meanwhile is never left behind. A job that finds the lease held elsewhere
 * gives its scheduler slot back at once: the holder will run its event, since the holder looks for waiting runs after
 * each run and after releasing. In case the holder dies instead, the job checks back later, on a timer and without a
 * slot, with a growing pause (a twentieth of the lease's time to live, doubling up to a third of it), until the event
 * was answered or this replica gets the lease.
 *
 * <p>Each run holds the lease as its {@link RunFence}: renewed every third of the time to live while the runs last;
 * once lost, the run is interrupted and its posts and final writes are refused.
 */
final class LeasedRuns {
    private static final System.Logger LOG = System.getLogger(LeasedRuns.class.getName());
    private static final Duration ORDER_POLL = Duration.ofMillis(20);
    private static final int MAX_MISSED_TAKES = 3;
    /** The order people sent their messages in: Slack's time, then when Lucy received them, then the event id. */
    private static final Comparator<Inbox.QueuedRun> SENT_ORDER = Comparator.comparing(
                    (Inbox.QueuedRun q) -> q.entry().event().sentAt())
            .thenComparing(q -> q.entry().receivedAt())
            .thenComparing(q -> q.entry().eventId());

    /** What the runtime does for one run, and for a run a shutdown cuts or drops. */
    interface Runs {
        void run(InboxEntry entry, TriageDecision.AgentRun run, LucyRuntime.RunState state, RunFence fence);

        void cut(InboxEntry entry);

        /**
         * Whether the conversation already shows the answer to {@code entry}, which an earlier attempt started; if so
         * the entry is finished.
         */
        boolean answeredBefore(InboxEntry entry);
    }

    private final ConversationLeases leases;
    private final String owner;
    private final Inbox inbox;
    private final FairScheduler scheduler;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Duration ttl;
    private final Duration orderWindow;
    private final Duration maxOrderWait;
    private final BooleanSupplier accepting;
    private final Runs runs;
    /** Events of this replica a run of their conversation already answered, so their own jobs need no lease. */
    private final Cache<String, Boolean> ranAhead = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    LeasedRuns(
            ConversationLeases leases,
            String owner,
            Inbox inbox,
            FairScheduler scheduler,
            ScheduledExecutorService timers,
            Clock clock,
            Duration ttl,
            Duration orderWindow,
            Duration maxOrderWait,
            BooleanSupplier accepting,
            Runs runs) {
        this.leases = leases;
        this.owner = owner;
        this.inbox = inbox;
        this.scheduler = scheduler;
        this.timers = timers;
        this.clock = clock;
        this.ttl = ttl;
        Duration quarter = ttl.dividedBy(4);
        this.orderWindow = orderWindow.compareTo(quarter) > 0 ? quarter : orderWindow;
        this.maxOrderWait = maxOrderWait;
        this.accepting = accepting;
        this.runs = runs;
    }

    /** Marks {@code entry} as waiting for its conversation's run and returns the job that runs it under the lease. */
    FairScheduler.Job job(InboxEntry entry, TriageDecision.AgentRun run) {
        boolean listed = true;
        try {
            inbox.queueRun(entry, run);
        } catch (RuntimeException e) {
            // Other replicas will not see it; this replica still runs it when it holds the lease.
            listed = false;
            LOG.log(Level.WARNING, "could not mark event " + entry.eventId() + " as waiting for its run", e);
        }
        return new Waiting(entry, run, listed, firstPause(), false).job();
    }

    private Duration firstPause() {
        return ttl.dividedBy(20);
    }

    private Duration longestPause() {
        return ttl.dividedBy(3);
    }

    /** One event's job: takes the lease and runs what waits, or checks back later. */
    private final class Waiting {
        private final InboxEntry entry;
        private final TriageDecision.AgentRun run;
        private final boolean listed;
        private final Duration pause;
        private final boolean checkedBack;
        /** The run in progress under this job's lease, told when a shutdown cuts it. */
        private volatile InboxEntry current;

        private volatile LucyRuntime.RunState currentState;

        Waiting(InboxEntry entry, TriageDecision.AgentRun run, boolean listed, Duration pause, boolean checkedBack) {
            this.entry = entry;
            this.run = run;
            this.listed = listed;
            this.pause = pause;
            this.checkedBack = checkedBack;
        }

        FairScheduler.Job job() {
            return new FairScheduler.Job(
                    LucyRuntime.laneOf(conversation()),
                    entry.event().caller().workspaceId(),
                    run.priority(),
                    this::runUnderLease,
                    this::dropped,
                    this::cut,
                    clock.instant());
        }

        private String conversation() {
            return entry.event().conversationId();
        }

        private void runUnderLease() {
            if (ranAhead.asMap().remove(entry.eventId()) != null) {
                return; // answered by a run of its conversation that came first
            }
            if (cancelled()) {
                return;
            }
            Instant asked = clock.instant();
            ConversationLeases.Grant grant;
            try {
                grant = leases.acquire(conversation(), owner, ttl);
            } catch (RuntimeException e) {
                if (!cancelled()) {
                    LOG.log(Level.WARNING, "could not take the lease of conversation " + conversation(), e);
                    checkBackLater();
                }
                return;
            }
            if (grant instanceof ConversationLeases.Grant.Granted granted && Thread.interrupted()) {
                new HeldLease(granted.lease(), asked, leases, clock, ttl).release(); // interrupted while asking
                Thread.currentThread().interrupt();
                cancelled();
                return;
            }
            switch (grant) {
                case ConversationLeases.Grant.Held held -> checkBackLater();
                case ConversationLeases.Grant.Granted granted ->
                    drain(new HeldLease(granted.lease(), asked, leases, clock, ttl).renewEvery(timers));
            }
        }

        /**
         * Whether the job was interrupted before its first run: by the person's cancel, which then ends this job's
         * event as any cancelled run ends (the cancel was confirmed already); or by a shutdown, which leaves it in
         * the inbox.
         */
        private boolean cancelled() {
            if (!Thread.interrupted()) {
                return false;
            }
            if (accepting.getAsBoolean()) {
                Thread.currentThread().interrupt();
                runs.run(entry, run, new LucyRuntime.RunState(), RunFence.ALWAYS);
            }
            return true;
        }

        /** Runs what waits in the conversation while the lease holds; releases it; looks again. */
        private void drain(HeldLease first) {
            HeldLease held = first;
            RuntimeException failure = null;
            // Each event once per job, even if finishing it failed and it is still listed.
            Set<String> ran = new HashSet<>();
            // Takes that found an event's attempt moved on, per event: a few, so the job cannot chase it for ever.
            Map<String, Integer> missed = new HashMap<>();
            try {
                while (true) {
                    Set<String> settled = new HashSet<>();
                    Optional<Inbox.QueuedRun> next;
                    while ((next = nextInOrder(ran, settled)).isPresent()) {
                        Inbox.QueuedRun queued = next.get();
                        if (!held.holds() || !accepting.getAsBoolean()) {
                            return;
                        }
                        String eventId = queued.entry().eventId();
                        ran.add(eventId);
                        Optional<InboxEntry> taken = takeFor(queued.entry());
                        if (taken.isEmpty()) {
                            // Finished since the listing, or taken for a new attempt by the takeover of a replica
                            // that went silent, which triages it again. Listed once more: still waiting, it runs
                            // here, before the younger messages, at its new attempt.
                            if (missed.merge(eventId, 1, Integer::sum) <= MAX_MISSED_TAKES) {
                                ran.remove(eventId);
                            }
                            continue;
                        }
                        if (queued.entry().attempt() > 1 && runs.answeredBefore(taken.get())) {
                            continue; // a replica that lost the lease or died had shown the answer already
                        }
                        LucyRuntime.RunState state = new LucyRuntime.RunState();
                        current = taken.get();
                        currentState = state;
                        held.running(Thread.currentThread());
                        try {
                            runs.run(taken.get(), queued.run(), state, held);
                        } catch (RuntimeException e) {
                            failure = e; // the person was told; the next run goes on
                        } finally {
                            held.running(null);
                            current = null;
                            currentState = null;
                            Thread.interrupted();
                        }
                        if (state.wasCut()) {
                            return;
                        }
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        return; // stopped while waiting for an older message: the runs stay queued for the next holder
                    }
                    held.release();
                    if (!accepting.getAsBoolean()
                            || waitingRuns().stream()
                                    .allMatch(q -> ran.contains(q.entry().eventId()))) {
                        return;
                    }
                    // Queued while the last runs ended: run it here, unless another replica took the lease first.
                    Instant asked = clock.instant();
                    if (!(leases.acquire(conversation(), owner, ttl)
                            instanceof ConversationLeases.Grant.Granted again)) {
                        return;
                    }
                    held = new HeldLease(again.lease(), asked, leases, clock, ttl).renewEvery(timers);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "runs of conversation " + conversation() + " stopped; trying again", e);
                checkBackLater();
            } finally {
                held.release();
            }
            if (failure != null) {
                throw failure;
            }
        }

        /**
         * The waiting run to start next: the one whose message was sent first, once the messages sent before it have
         * had time to reach a replica and be triaged. It waits (with the lease held) until its message was received
         * {@code orderWindow} ago, once, and while an older message of the conversation is still being triaged, up to
         * {@code maxOrderWait} (long enough for a replica that died before triaging it to be taken over); then it runs
         * whatever is oldest by then. Empty when nothing this job has not run is waiting, or when interrupted.
         */
        private Optional<Inbox.QueuedRun> nextInOrder(Set<String> ran, Set<String> settled) {
            long giveUp = System.nanoTime() + maxOrderWait.toNanos();
            // The run found oldest with nothing older in triage; listed once more before it starts, since a message
            // whose triage ended between the listing and that check is waiting now and may be older still.
            String confirmed = null;
            while (true) {
                Optional<Inbox.QueuedRun> first = waitingRuns().stream()
                        .filter(q -> !ran.contains(q.entry().eventId()))
                        .min(SENT_ORDER);
                if (first.isEmpty()) {
                    return first;
                }
                InboxEntry oldest = first.get().entry();
                if (oldest.eventId().equals(confirmed)) {
                    return first;
                }
                Duration wait = Duration.ZERO;
                if (settled.add(oldest.eventId())) {
                    Duration age = Duration.between(oldest.receivedAt(), clock.instant());
                    wait = orderWindow.minus(age.isNegative() ? Duration.ZERO : age);
                }
                if (!wait.isPositive()) {
                    if (System.nanoTime() >= giveUp) {
                        return first;
                    }
                    Instant since = clock.instant().minus(maxOrderWait.multipliedBy(2));
                    if (!inbox.deciding(conversation(), oldest.event().sentAt(), since)) {
                        confirmed = oldest.eventId();
                        continue;
                    }
                    wait = ORDER_POLL;
                }
                try {
                    Thread.sleep(wait.compareTo(orderWindow) > 0 ? orderWindow : wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }

        /** The conversation's waiting runs, oldest first, with this job's own event if it could not be marked. */
        private List<Inbox.QueuedRun> waitingRuns() {
            List<Inbox.QueuedRun> waiting = inbox.queuedRuns(conversation());
            if (listed || waiting.stream().anyMatch(q -> q.entry().eventId().equals(entry.eventId()))) {
                return waiting;
            }
            List<Inbox.QueuedRun> withOwn = new ArrayList<>(waiting);
            withOwn.add(new Inbox.QueuedRun(entry, run));
            withOwn.sort(Comparator.comparing((Inbox.QueuedRun q) -> q.entry().receivedAt())
                    .thenComparing(q -> q.entry().eventId()));
            return withOwn;
        }

        /**
         * The entry taken for a new attempt by this replica, so that only one attempt can finish it and a later holder
         * of the conversation sees (attempt above 1) that a run of it may have shown its answer already. An entry of
         * this replica's own (this job's came from this replica's inbox, so its owner is this replica's name there)
         * has a job of its own, which is told not to run it.
         */
        private Optional<InboxEntry> takeFor(InboxEntry queued) {
            Optional<InboxEntry> taken = inbox.take(queued);
            if (taken.isPresent()
                    && queued.owner().equals(entry.owner())
                    && !queued.eventId().equals(entry.eventId())) {
                ranAhead.put(queued.eventId(), Boolean.TRUE);
            }
            return taken;
        }

        /** Checks back after the pause, off the scheduler: the event may have been answered meanwhile. */
        private void checkBackLater() {
            if (!accepting.getAsBoolean()) {
                return;
            }
            try {
                timers.schedule(
                        () -> Thread.ofVirtual().name("lucy-lease-wait").start(this::checkBack),
                        pause.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // Stopping: the event stays in the inbox for whoever holds the conversation next.
            }
        }

        private void checkBack() {
            if (!accepting.getAsBoolean()) {
                return;
            }
            boolean stillWaiting;
            try {
                stillWaiting = inbox.queuedRuns(conversation()).stream()
                        .anyMatch(q -> q.entry().eventId().equals(entry.eventId()));
            } catch (RuntimeException e) {
                stillWaiting = true;
            }
            if (!stillWaiting && listed) {
                return; // answered by the replica that held the conversation
            }
            Duration next =
                    pause.multipliedBy(2).compareTo(longestPause()) > 0 ? longestPause() : pause.multipliedBy(2);
            Waiting again = new Waiting(entry, run, listed, next, true);
            switch (scheduler.submit(again.job()).outcome()) {
                case STARTED, QUEUED, CLOSED -> {}
                case FULL -> again.checkBackLater();
            }
        }

        /**
         * Dropped from the queue by a shutdown: its person is told, as any dropped run's, unless a run of the
         * conversation answered it already or it only checked back (the replica holding the conversation answers).
         */
        private void dropped() {
            if (!checkedBack && ranAhead.asMap().remove(entry.eventId()) == null) {
                runs.cut(entry);
            }
        }

        private void cut() {
            InboxEntry running = current;
            LucyRuntime.RunState state = currentState;
            if (running != null && state != null && state.cut()) {
                runs.cut(running);
            }
        }
    }
}

package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Caller;
import dev.lucy.core.Check;
import dev.lucy.core.PlatformFirstExecutor;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.spi.ConversationPort;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Takes events from any chat platform and turns each into exactly one visible outcome: a reaction, a template
 * reply, an agent run (now, or queued with the user told), a background task, or a clear refusal.
 *
 * <p>{@link #submit} returns at once with an {@link Admission}; everything slow happens on virtual threads. The
 * guarantees: duplicates (same event id, or same message under another id) never cause a second run, atomically;
 * stale replays are ignored; greetings and acknowledgements never wait in a queue; one agent run at a time per
 * conversation, in arrival order, any number across conversations up to the configured limit; workspaces take
 * turns; queues are bounded and a full queue is said to the user at once; background tasks keep a stored state
 * machine, answer status and cancel, stop at their maximum duration, and are reported as interrupted after a
 * restart. Thread safe. Owns its threads: {@link #close()} (or {@link #shutdown}) stops it gracefully.
 *
 * <p>Every event {@link #submit} takes is kept in the {@link Inbox} (in the same step as the duplicate check) until
 * the person has their answer or a notice. A shutdown tells each person whose run it cuts, within its deadline; with
 * a durable inbox it promises to pick the work up and leaves the event unfinished, and the next {@link #start()}
 * runs it again, or apologises when it is older than {@link RuntimeConfig#resumeWithin()} or was already taken
 * {@value #MAX_ATTEMPTS} times.
 *
 * <p>Several replicas can share the conversations: with {@linkplain Builder#leases shared conversation leases} (and
 * an inbox the replicas share), a run takes its conversation's lease first, so at most one run per conversation runs
 * at any moment across the replicas, in the order the messages were received, and a replica that lost the lease
 * cannot post or finish anything there after another took over. With the default, {@link ConversationLeases#single()},
 * nothing of that costs anything.
 */
public final class LucyRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LucyRuntime.class.getName());
    private static final int QUICK_THREADS = 4;

    /**
     * The last part of a shutdown's deadline (at most this, at most a quarter of it) kept to tell the people whose
     * runs are cut and to let those runs stop: running work gets the rest.
     */
    public static final Duration CUT_RESERVE = Duration.ofSeconds(3);

    /**
     * How many times an event may be taken to be answered (received, then resumed after restarts) before a start
     * apologises for it instead of running it again: an event that keeps ending in a restart is not tried forever.
     */
    public static final int MAX_ATTEMPTS = 3;

    /**
     * How many times a background task may be started: once, and once more when its process stopped under it (a
     * restart or a replica gone). A task cut again is ended with a message rather than started a third time.
     */
    public static final int MAX_TASK_ATTEMPTS = 2;

    private final ConversationPort port;
    private final RunHandler handler;
    private final Triage triage;
    private final Inbox inbox;
    private final TaskStore tasks;
    private final Replicas replicas;
    private final Clock clock;
    private final RuntimeObserver observer;
    private final RuntimeConfig config;
    private final RuntimeNotices notices;
    private final java.util.function.Consumer<Task> taskEnded;
    private final String busyEmoji;
    private final FairScheduler scheduler;
    private final RateLimits rateLimits;
    /**
     * Quick replies (reactions, template answers, notices) run on a few platform threads of their own. As virtual
     * threads they queued behind every runnable agent run and HTTP continuation on the carriers: under load a
     * greeting waited hundreds of milliseconds for its turn. The operating system schedules these threads beside
     * the carriers instead. When all of them are busy (a slow port), further replies spill onto virtual threads
     * rather than wait.
     */
    private final PlatformFirstExecutor quick = new PlatformFirstExecutor("lucy-quick-", QUICK_THREADS);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lucy-timers").daemon().factory());
    private final Set<String> awaitingReply = ConcurrentHashMap.newKeySet();
    private final Cache<String, Integer> depth = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();
    private final Cache<String, Boolean> throttleNoticeSent;
    private final ReentrantLock taskLock = new ReentrantLock();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean beating = new AtomicBoolean();
    /** Runs under conversation leases when replicas share them; null with one process. */
    private final LeasedRuns leased;

    private LucyRuntime(Builder b) {
        this.port = Objects.requireNonNull(b.port, "port");
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.clock = b.clock;
        this.config = b.config;
        this.triage = b.triage;
        this.inbox = b.inbox != null
                ? b.inbox
                : Inbox.inMemory(b.dedup != null ? b.dedup : DedupStore.inMemory(config.dedupTtl(), clock), clock);
        this.tasks = b.tasks;
        this.replicas = b.replicas;
        this.observer = b.observer;
        this.notices = b.notices;
        this.taskEnded = b.taskEnded;
        this.busyEmoji = b.busyEmoji;
        this.scheduler = new FairScheduler(config, clock, observer);
        this.rateLimits = new RateLimits(config.workspaceEventsPerMinute(), config.userEventsPerMinute(), clock);
        this.throttleNoticeSent = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(100_000)
                .build();
        this.leased = b.leases.shared()
                ? new LeasedRuns(
                        b.leases,
                        // Two processes started under one name must never share a lease.
                        b.leaseOwner + "/" + UUID.randomUUID().toString().substring(0, 8),
                        inbox,
                        scheduler,
                        timers,
                        clock,
                        config.leaseTtl(),
                        config.orderWindow(),
                        // An older message left untriaged by a replica that died is taken over within this.
                        config.replicaTimeout().plus(config.replicaTimeout().dividedBy(3)),
                        accepting::get,
                        new LeasedRuns.Runs() {
                            @Override
                            public void run(
                                    InboxEntry entry, TriageDecision.AgentRun run, RunState state, RunFence fence) {
                                runInteractive(entry, run, state, fence);
                            }

                            @Override
                            public void cut(InboxEntry entry) {
                                cutAtShutdown(entry);
                            }

                            @Override
                            public boolean answeredBefore(InboxEntry entry) {
                                if (!LucyRuntime.this.answeredBefore(entry)) {
                                    return false;
                                }
                                finish(entry);
                                return true;
                            }
                        })
                : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes up what an earlier process of this instance left unfinished and returns this runtime: its background
     * tasks start again from the beginning (their users are told), or end with a message when too old or already
     * started twice; its unanswered events in the inbox run again, or get an apology when too old or tried too
     * often. From then on, every third of {@link RuntimeConfig#replicaTimeout()}, it tells the others it is alive
     * ({@link Replicas#beat}) and takes over the work of any replica that stopped doing so. Call once, before the
     * first {@link #submit}.
     */
    public LucyRuntime start() {
        replicas.beat();
        for (Task task : tasks.resume(clock.instant())) {
            resumeTask(task);
        }
        resumeUnfinished(inbox.resume());
        long every = Math.max(1, config.replicaTimeout().toMillis() / 3);
        // On a virtual thread of its own, as lease renewals are: a slow database or a takeover that posts must not
        // hold up the timer thread that renews leases and stops overdue tasks. One beat at a time.
        timers.scheduleWithFixedDelay(
                () -> {
                    if (beating.compareAndSet(false, true)) {
                        Thread.ofVirtual().name("lucy-replica-beat").start(() -> {
                            try {
                                beatAndTakeOver();
                            } finally {
                                beating.set(false);
                            }
                        });
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Says this process is alive, then takes over the tasks and events of replicas that went silent. */
    private void beatAndTakeOver() {
        if (!accepting.get()) {
            return;
        }
        try {
            replicas.beat();
            for (Task task : tasks.takeOver(config.replicaTimeout(), clock.instant())) {
                LOG.log(Level.INFO, "taking over background task " + task.id() + " of a replica that went silent");
                resumeTask(task);
            }
            resumeUnfinished(inbox.takeOver(config.replicaTimeout()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not beat or take over the work of silent replicas; trying again", e);
        }
    }

    /**
     * Takes up events an earlier attempt left unfinished: each conversation's in the order received, on a virtual
     * thread of its own, so that asking the platform whether an answer already shows (a rate-limited call) holds up
     * neither the start nor the other conversations.
     */
    private void resumeUnfinished(List<InboxEntry> left) {
        if (left.isEmpty()) {
            return;
        }
        Map<String, List<InboxEntry>> byConversation = new LinkedHashMap<>();
        for (InboxEntry entry : left) {
            byConversation
                    .computeIfAbsent(entry.event().conversationId(), c -> new ArrayList<>())
                    .add(entry);
        }
        Instant now = clock.instant();
        AtomicIntegerArray counts = new AtomicIntegerArray(3); // answered already, resumed, apologised
        AtomicInteger conversationsLeft = new AtomicInteger(byConversation.size());
        byConversation
                .values()
                .forEach(entries -> Thread.ofVirtual().name("lucy-resume").start(() -> {
                    for (InboxEntry entry : entries) {
                        counts.incrementAndGet(resumeOne(entry, now));
                    }
                    if (conversationsLeft.decrementAndGet() == 0) {
                        LOG.log(
                                Level.INFO,
                                "an earlier run left " + left.size() + " event(s) unfinished: " + counts.get(0)
                                        + " answered already, " + counts.get(1) + " resumed, " + counts.get(2)
                                        + " answered with an apology");
                    }
                }));
    }

    /** Finishes, runs again or apologises for one unfinished entry: 0, 1 or 2. */
    private int resumeOne(InboxEntry entry, Instant now) {
        InboundEvent event = entry.event();
        Duration age = Duration.between(event.sentAt(), now);
        if (answeredBefore(entry)) {
            // The process that stopped had shown its answer but not yet recorded that it had.
            finish(entry);
            return 0;
        }
        if (age.compareTo(config.resumeWithin()) > 0 || entry.attempt() > MAX_ATTEMPTS) {
            LOG.log(
                    Level.INFO,
                    "not running event " + event.eventId() + " again (attempt " + entry.attempt() + ", "
                            + age.toSeconds() + " s old); telling its conversation");
            answerQuickly(entry, () -> port.postAnswer(event.conversationId(), entry.eventId(), notices.notResumed()));
            return 2;
        }
        decide(entry, false);
        return 1;
    }

    /** Whether the conversation already shows a complete answer to the entry; if the port cannot tell, no. */
    private boolean answeredBefore(InboxEntry entry) {
        try {
            return port.answered(entry.event().conversationId(), entry.eventId());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not tell whether event " + entry.eventId() + " was answered; answering it",
                    e);
            return false;
        }
    }

    /** Decides what happens to {@code event} and returns at once; the decision's effects follow asynchronously. */
    public Admission submit(InboundEvent event) {
        Admission admission = admit(event);
        observer.admitted(event.caller().workspaceId(), admission);
        return admission;
    }

    /**
     * Marks whether Lucy waits for an answer in this conversation (it asked a question, or an approval is
     * pending): short replies such as "yes" then reach the run instead of being acknowledged with an emoji.
     */
    public void awaitReply(String conversationId, boolean awaiting) {
        if (awaiting) {
            awaitingReply.add(conversationId);
        } else {
            awaitingReply.remove(conversationId);
        }
    }

    /** The person's unfinished background tasks in this workspace, oldest first. */
    public List<Task> tasksOf(String workspaceId, String userId) {
        return tasks.unfinished().stream()
                .filter(t -> t.caller().workspaceId().equals(workspaceId)
                        && t.caller().userId().equals(userId))
                .toList();
    }

    /** The person's background tasks in this workspace that have ended, the most recent first, at most {@code limit}. */
    public List<Task> recentTasksOf(String workspaceId, String userId, int limit) {
        return tasks.recent(workspaceId, userId, limit);
    }

    /**
     * Cancels one background task for the person who asked for it, as "cancel" in its thread would, and tells its
     * conversation. A task of another person or another workspace is {@link TaskCancel#NOT_FOUND}, as is one that
     * never existed: nobody learns of another's tasks by guessing ids.
     */
    public TaskCancel cancelTask(String workspaceId, String userId, String taskId) {
        Optional<Task> task = tasks.find(taskId)
                .filter(t -> t.caller().workspaceId().equals(workspaceId)
                        && t.caller().userId().equals(userId));
        if (task.isEmpty()) {
            return TaskCancel.NOT_FOUND;
        }
        if (transition(taskId, TaskState.CANCELLED).isEmpty()) {
            return TaskCancel.ALREADY_ENDED;
        }
        scheduler.cancel(taskLane(taskId), true);
        tell(task.get().caller().conversationId(), notices.cancelled());
        return TaskCancel.CANCELLED;
    }

    /** What came of {@link #cancelTask}. */
    public enum TaskCancel {
        /** The task was running or waiting, and is cancelled now. */
        CANCELLED,
        /** The task had ended already: finished, failed, timed out or cancelled before. */
        ALREADY_ENDED,
        /** No task of this person in this workspace has that id. */
        NOT_FOUND
    }

    public RuntimeStats stats() {
        return new RuntimeStats(scheduler.queued(), scheduler.running(), accepting.get());
    }

    /**
     * Stops taking work and returns within about {@code deadline}: queued work is dropped and running work gets
     * the deadline less a reserve (at most {@link #CUT_RESERVE}); what still runs then is cut. The people of dropped
     * and cut work are told, within the deadline: with a durable inbox that Lucy will pick it up when it is back
     * (their events stay unfinished for the next start), otherwise to ask again. Interrupted background tasks are
     * marked so.
     */
    public void shutdown(Duration deadline) {
        if (!accepting.getAndSet(false)) {
            return;
        }
        long end = System.nanoTime() + deadline.toNanos();
        Duration reserve = deadline.dividedBy(4).compareTo(CUT_RESERVE) < 0 ? deadline.dividedBy(4) : CUT_RESERVE;
        try {
            List<FairScheduler.Job> dropped = scheduler.shutdown(deadline.minus(reserve), reserve.dividedBy(2));
            dropped.forEach(job -> job.onDrop.run());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
            quick.shutdown(); // the notices already handed over still go out, until the deadline
            try {
                quick.awaitTermination(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #shutdown} with the configured deadline. */
    @Override
    public void close() {
        shutdown(config.shutdownDeadline());
    }

    private Admission admit(InboundEvent event) {
        Instant now = clock.instant();
        Duration age = Duration.between(event.sentAt(), now);
        if (age.compareTo(config.maxEventAge()) > 0) {
            return new Admission.Stale(age);
        }
        String conversation = event.conversationId();
        InboxEntry entry;
        switch (inbox.receive(event)) {
            case Inbox.Receipt.Duplicate duplicate -> {
                return new Admission.Duplicate(
                        duplicate.key().equals(Inbox.eventKey(event))
                                ? event.eventId()
                                : conversation + ":" + event.messageId());
            }
            case Inbox.Receipt.Received received -> entry = received.entry();
        }
        if (!accepting.get()) {
            return refuseAtShutdown(entry);
        }
        Caller caller = event.caller();
        Optional<Duration> retryAfter = rateLimits.tryAcquire(caller.workspaceId(), caller.userId());
        if (retryAfter.isPresent()) {
            String who = caller.workspaceId() + ":" + caller.userId();
            boolean tellThem = throttleNoticeSent.asMap().putIfAbsent(who, Boolean.TRUE) == null;
            answerQuickly(entry, () -> {
                if (tellThem) {
                    port.postAnswer(conversation, entry.eventId(), notices.throttled(retryAfter.get()));
                }
            });
            return new Admission.Throttled(retryAfter.get());
        }
        return decide(entry, awaitingReply.contains(conversation));
    }

    /** What triage makes of an event received (or resumed), and its effects. */
    private Admission decide(InboxEntry entry, boolean awaiting) {
        InboundEvent event = entry.event();
        String conversation = event.conversationId();
        Caller caller = event.caller();
        ConversationView view = new ConversationView(
                awaiting, scheduler.busy(laneOf(conversation)), depth.asMap().merge(conversation, 1, Integer::sum) - 1);
        TriageDecision decision = triage.classify(event, view);
        return switch (decision) {
            case TriageDecision.ReactOnly react -> {
                // A reaction may wait a minute for Slack's reactions.add budget: never on a quick platform thread,
                // where a few such waits would push every greeting behind the agent runs for a carrier.
                answer(entry, () -> port.react(conversation, event.messageId(), react.emoji()), true);
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.FastReply reply -> {
                answerQuickly(entry, () -> port.postAnswer(conversation, entry.eventId(), reply.text()));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.StatusQuery status -> {
                answerQuickly(
                        entry,
                        () -> port.postAnswer(
                                conversation,
                                entry.eventId(),
                                notices.status(tasksOf(caller.workspaceId(), caller.userId()), clock.instant())));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.Cancel cancel -> {
                answerQuickly(entry, () -> cancelIn(conversation));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.AgentRun run -> run.background() ? startTask(entry, run) : schedule(entry, run, view);
        };
    }

    /**
     * An event received while stopping. With a durable inbox it stays unfinished and the person hears that Lucy will
     * pick it up when back; otherwise they are asked to send it again.
     */
    private Admission refuseAtShutdown(InboxEntry entry) {
        tellAtShutdown(entry, notices::shuttingDown);
        return new Admission.ShuttingDown();
    }

    /**
     * A run a shutdown dropped from the queue or cut while it ran: its status line is cleared, the person is told, and
     * with a durable inbox the event stays unfinished for the next start.
     */
    private void cutAtShutdown(InboxEntry entry) {
        tellAtShutdown(entry, notices::droppedAtShutdown);
    }

    /** With a durable inbox, that Lucy picks the event up when back; otherwise {@code notice}, as its answer. */
    private void tellAtShutdown(InboxEntry entry, Supplier<String> notice) {
        String conversation = entry.event().conversationId();
        safely(() -> port.setStatus(conversation, "")); // the run will not clear the status line it set
        if (inbox.durable()) {
            tell(conversation, notices.restarting());
        } else {
            answerQuickly(entry, () -> port.postAnswer(conversation, entry.eventId(), notice.get()));
        }
    }

    private Admission schedule(InboxEntry entry, TriageDecision.AgentRun run, ConversationView view) {
        InboundEvent event = entry.event();
        String conversation = event.conversationId();
        RunState state = new RunState();
        FairScheduler.Job job = told(
                leased != null
                        ? leased.job(entry, run)
                        : new FairScheduler.Job(
                                laneOf(conversation),
                                event.caller().workspaceId(),
                                run.priority(),
                                () -> runInteractive(entry, run, state, RunFence.ALWAYS),
                                () -> cutAtShutdown(entry),
                                () -> {
                                    if (state.cut()) {
                                        cutAtShutdown(entry);
                                    }
                                },
                                clock.instant()),
                state);
        FairScheduler.Placement placement = scheduler.submit(job);
        return switch (placement.outcome()) {
            case STARTED -> {
                state.told();
                yield new Admission.Accepted(run);
            }
            case QUEUED -> {
                // Behind its own conversation (seen at triage, or by the time it was queued): no notice, it is next.
                if (view.busy() || placement.behindItsLane()) {
                    state.told();
                } else {
                    // Waiting for capacity, not behind its own conversation: say so at once, and before the answer.
                    // The notice goes first and alone decides the order; the reaction beside it may wait for Slack.
                    quickly(() -> {
                        try {
                            if (state.mayTell()) {
                                port.post(conversation, notices.queued(placement.position()));
                            }
                        } finally {
                            state.told();
                        }
                        port.react(conversation, event.messageId(), busyEmoji);
                    });
                }
                yield new Admission.Queued(run, placement.position());
            }
            case FULL -> {
                answerQuickly(entry, () -> {
                    port.react(conversation, event.messageId(), busyEmoji);
                    port.postAnswer(conversation, entry.eventId(), notices.busy(placement.position()));
                });
                yield new Admission.RejectedBusy(placement.position());
            }
            case CLOSED -> refuseAtShutdown(entry);
        };
    }

    /**
     * {@code job}, starting only once the person has been told it waits (see {@link RunState#told}), so that a "you're
     * #N in line" posted on another thread never comes after the answer.
     */
    private static FairScheduler.Job told(FairScheduler.Job job, RunState state) {
        return new FairScheduler.Job(
                job.laneKey,
                job.workspaceId,
                job.priority,
                () -> {
                    state.awaitTold();
                    job.body.run();
                },
                job.onDrop,
                job.onCut,
                job.enqueuedAt);
    }

    /**
     * Runs one agent run to its end. Every write to the conversation and the finish are made only while
     * {@code fence} holds: a replica that lost the conversation's lease leaves them to the one that took over.
     */
    private void runInteractive(InboxEntry entry, TriageDecision.AgentRun run, RunState state, RunFence fence) {
        InboundEvent event = entry.event();
        String conversation = event.conversationId();
        if (Thread.currentThread().isInterrupted()) {
            // Cancelled before it started (the cancel was confirmed already), or cut by a shutdown (which told them).
            if (state.done() && fence.holds()) {
                finish(entry);
            }
            return;
        }
        if (fence.holds()) {
            // An earlier attempt stopped with its answer half shown (answeredBefore found no complete one): it goes.
            for (String draft : entry.drafts()) {
                safely(() -> port.delete(conversation, draft));
            }
            safely(() -> port.showWorking(conversation, event.messageId(), run.workingEmoji()));
        }
        RuntimeException failure = null;
        try {
            handler.handle(new RunRequest(
                    event, run, Optional.empty(), note -> {}, fence, draft -> recordDraft(entry, draft)));
        } catch (RuntimeException e) {
            boolean cancelled = Thread.interrupted();
            if (!fence.holds()) {
                LOG.log(
                        Level.INFO,
                        "run in conversation " + conversation + " stopped: this replica lost the conversation's"
                                + " lease, another one answers there now");
            } else if (!cancelled && !state.wasCut()) {
                LOG.log(Level.WARNING, "run failed in conversation " + conversation, e);
                safely(() -> port.postAnswer(conversation, entry.eventId(), notices.runFailed()));
            }
            failure = e;
        } finally {
            Thread.interrupted(); // the cleanup below must not fail because the run was cancelled
            if (fence.holds()) {
                safely(() -> port.unreact(conversation, event.messageId(), run.workingEmoji()));
            }
        }
        if (state.done() && fence.holds()) {
            finish(entry); // answered, told of a failure, or cancelled by the person
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Admission startTask(InboxEntry entry, TriageDecision.AgentRun run) {
        InboundEvent event = entry.event();
        Instant now = clock.instant();
        Task task = Task.create(UUID.randomUUID().toString(), event.caller(), event.text(), now)
                .moveTo(TaskState.ACKNOWLEDGED, now);
        tasks.save(task);
        String conversation = event.conversationId();
        FairScheduler.Placement placement = scheduleTask(task, event, run);
        // From here on the task store keeps the work (a restart reports it), so the inbox entry is finished once the
        // person has heard what happens to it.
        return switch (placement.outcome()) {
            case STARTED, QUEUED -> {
                answerQuickly(entry, () -> port.postAnswer(conversation, entry.eventId(), notices.taskAcknowledged()));
                yield placement.outcome() == FairScheduler.Outcome.STARTED
                        ? new Admission.Accepted(run)
                        : new Admission.Queued(run, placement.position());
            }
            case FULL -> {
                transition(task.id(), TaskState.FAILED);
                answerQuickly(entry, () -> {
                    port.react(conversation, event.messageId(), busyEmoji);
                    port.postAnswer(conversation, entry.eventId(), notices.busy(placement.position()));
                });
                yield new Admission.RejectedBusy(placement.position());
            }
            case CLOSED -> {
                transition(task.id(), TaskState.INTERRUPTED);
                yield refuseAtShutdown(entry);
            }
        };
    }

    private FairScheduler.Placement scheduleTask(Task task, InboundEvent event, TriageDecision.AgentRun run) {
        String conversation = event.conversationId();
        return scheduler.submit(new FairScheduler.Job(
                taskLane(task.id()),
                event.caller().workspaceId(),
                Priority.BACKGROUND,
                () -> runTask(task.id(), event, run),
                () -> transition(task.id(), TaskState.INTERRUPTED)
                        .ifPresent(t -> tell(conversation, notices.droppedAtShutdown())),
                () -> transition(task.id(), TaskState.INTERRUPTED)
                        .ifPresent(t -> tell(conversation, notices.taskInterrupted(t.request()))),
                clock.instant()));
    }

    /**
     * A task whose process stopped under it, taken for its next attempt: started again from the beginning, its user
     * told so; or, when it is older than a task may run or was started twice already, ended with a message.
     */
    private void resumeTask(Task task) {
        String conversation = task.caller().conversationId();
        Duration age = Duration.between(task.createdAt(), clock.instant());
        if (task.attempt() > MAX_TASK_ATTEMPTS || age.compareTo(config.taskMaxDuration()) > 0) {
            transition(task.id(), TaskState.INTERRUPTED)
                    .ifPresent(t -> tell(conversation, notices.taskInterrupted(t.request())));
            return;
        }
        InboundEvent event = new InboundEvent(
                "task:" + task.id() + ":" + task.attempt(), task.caller(), task.id(), task.request(), task.createdAt());
        TriageDecision.AgentRun run = triage.classify(event, ConversationView.NEW)
                        instanceof TriageDecision.AgentRun agentRun
                ? new TriageDecision.AgentRun(Priority.BACKGROUND, agentRun.tier(), agentRun.workingEmoji(), true)
                : new TriageDecision.AgentRun(Priority.BACKGROUND, ModelTier.DEFAULT, busyEmoji, true);
        // Said before the run starts, so the person reads it before anything the new attempt posts.
        safely(() -> port.post(conversation, notices.taskResumed(task.request())));
        FairScheduler.Outcome outcome = scheduleTask(task, event, run).outcome();
        if (outcome == FairScheduler.Outcome.FULL || outcome == FairScheduler.Outcome.CLOSED) {
            transition(task.id(), TaskState.INTERRUPTED)
                    .ifPresent(t -> tell(conversation, notices.taskInterrupted(t.request())));
        }
    }

    private void runTask(String taskId, InboundEvent event, TriageDecision.AgentRun run) {
        Optional<Task> working = transition(taskId, TaskState.WORKING);
        if (working.isEmpty() || Thread.currentThread().isInterrupted()) {
            return; // cancelled or timed out while it waited
        }
        String conversation = event.conversationId();
        ScheduledFuture<?> timeout = timers.schedule(
                () -> timeOut(taskId, conversation), config.taskMaxDuration().toMillis(), TimeUnit.MILLISECONDS);
        try {
            handler.handle(
                    new RunRequest(event, run, working, note -> progress(taskId, note), RunFence.ALWAYS, draft -> {}));
            transition(taskId, TaskState.COMPLETED);
        } catch (RuntimeException e) {
            Thread.interrupted();
            if (!accepting.get()) {
                transition(taskId, TaskState.INTERRUPTED)
                        .ifPresent(t -> tell(conversation, notices.droppedAtShutdown()));
            } else if (transition(taskId, TaskState.FAILED).isPresent()) {
                LOG.log(Level.WARNING, "background task " + taskId + " failed", e);
                safely(() -> port.post(conversation, notices.runFailed()));
            }
            throw e;
        } finally {
            timeout.cancel(false);
            if (!accepting.get()) {
                transition(taskId, TaskState.INTERRUPTED);
            }
        }
    }

    private void timeOut(String taskId, String conversation) {
        if (transition(taskId, TaskState.TIMED_OUT).isPresent()) {
            scheduler.cancel(taskLane(taskId), true);
            tell(conversation, notices.taskTimedOut(config.taskMaxDuration()));
        }
    }

    private void progress(String taskId, String note) {
        update(taskId, task -> task.state().terminal() ? null : task.withProgress(note, clock.instant()));
    }

    private void cancelIn(String conversation) {
        boolean any = false;
        for (Task task : tasks.unfinished()) {
            if (task.caller().conversationId().equals(conversation)
                    && transition(task.id(), TaskState.CANCELLED).isPresent()) {
                scheduler.cancel(taskLane(task.id()), true);
                any = true;
            }
        }
        any |= scheduler.cancel(laneOf(conversation), false).interrupted();
        port.post(conversation, any ? notices.cancelled() : notices.nothingToCancel());
    }

    /** Moves a task to {@code next} if the state machine allows it; empty when it does not (already ended). */
    private Optional<Task> transition(String taskId, TaskState next) {
        Optional<Task> moved =
                update(taskId, task -> task.state().next().contains(next) ? task.moveTo(next, clock.instant()) : null);
        moved.filter(task -> task.state().terminal()).ifPresent(task -> safely(() -> taskEnded.accept(task)));
        return moved;
    }

    private Optional<Task> update(String taskId, UnaryOperator<Task> change) {
        taskLock.lock();
        try {
            Optional<Task> current = tasks.find(taskId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Task changed = change.apply(current.get());
            if (changed == null) {
                return Optional.empty();
            }
            tasks.save(changed);
            return Optional.of(changed);
        } finally {
            taskLock.unlock();
        }
    }

    private void tell(String conversation, String text) {
        quickly(() -> port.post(conversation, text));
    }

    /** Does {@code action} on a quick thread, then finishes the entry, whether or not the action got through. */
    private void answerQuickly(InboxEntry entry, Runnable action) {
        answer(entry, action, false);
    }

    /**
     * Does {@code action} on a quick thread, or with {@code mayWait} on a virtual thread of its own, then finishes the
     * entry, whether or not the action got through.
     */
    private void answer(InboxEntry entry, Runnable action, boolean mayWait) {
        quickly(
                () -> {
                    try {
                        safely(action);
                    } finally {
                        finish(entry);
                    }
                },
                mayWait);
    }

    /** Finishes the entry; a failure only means the event is answered again after a restart, so it is logged. */
    private void finish(InboxEntry entry) {
        try {
            inbox.finish(entry);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not mark event " + entry.eventId() + " as answered", e);
        }
    }

    /**
     * Whether a run ended by itself or was cut by a shutdown, decided once: the run finishes its inbox entry only if
     * it got there first, and the shutdown tells the person only if it did.
     */
    static final class RunState {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int CUT = 2;
        /** How long a run waits at most for its queue notice to be posted first. */
        private static final Duration NOTICE_WAIT = Duration.ofSeconds(2);

        private static final int NOTICE_PENDING = 0;
        private static final int NOTICE_POSTING = 1;
        private static final int NOTICE_SKIPPED = 2;

        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger notice =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);

        /** Whatever the person was to be told before the run (a queue notice, or nothing) is out. */
        void told() {
            told.countDown();
        }

        /** Whether the queue notice may still be posted: false once the run stopped waiting for it. */
        boolean mayTell() {
            return notice.compareAndSet(NOTICE_PENDING, NOTICE_POSTING);
        }

        /**
         * Waits, boundedly, until {@link #told()}: a slow notice delays the run a little, never holds it. A notice not
         * begun by then is never posted, so "you're #N in line" cannot come after the answer; one being posted is
         * waited for once more.
         */
        void awaitTold() {
            try {
                if (!told.await(NOTICE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        && !notice.compareAndSet(NOTICE_PENDING, NOTICE_SKIPPED)) {
                    told.await(NOTICE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean done() {
            return state.compareAndSet(RUNNING, DONE);
        }

        boolean cut() {
            return state.compareAndSet(RUNNING, CUT);
        }

        boolean wasCut() {
            return state.get() == CUT;
        }
    }

    private void quickly(Runnable action) {
        quickly(action, false);
    }

    private void quickly(Runnable action, boolean mayWait) {
        try {
            if (mayWait) {
                quick.executeMayWait(() -> safely(action));
            } else {
                quick.execute(() -> safely(action));
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            safely(action); // stopping: do it on the caller's thread rather than lose it
        }
    }

    /** Keeps where {@code entry}'s answer shows unfinished; without it, only a crash now would leave it behind. */
    private void recordDraft(InboxEntry entry, String messageId) {
        try {
            inbox.drafted(entry, messageId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record where the answer to event " + entry.eventId() + " shows", e);
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a message to the conversation could not be delivered", e);
        }
    }

    static String laneOf(String conversation) {
        return "conversation:" + conversation;
    }

    private static String taskLane(String taskId) {
        return "task:" + taskId;
    }

    /** Builds a runtime; {@link #port} and {@link #handler} are required, everything else has a default. */
    public static final class Builder {
        private ConversationPort port;
        private RunHandler handler;
        private Triage triage = Triage.defaults();
        private DedupStore dedup;
        private Inbox inbox;
        private TaskStore tasks = TaskStore.inMemory();
        private Replicas replicas = Replicas.single();
        private Clock clock = Clock.systemUTC();
        private RuntimeObserver observer = RuntimeObserver.none();
        private RuntimeConfig config = RuntimeConfig.defaults();
        private RuntimeNotices notices = RuntimeNotices.defaults();
        private java.util.function.Consumer<Task> taskEnded = task -> {};
        private String busyEmoji = "hourglass";
        private ConversationLeases leases = ConversationLeases.single();
        private String leaseOwner = "local";

        private Builder() {}

        /** Where replies, reactions and notices go. Required. */
        public Builder port(ConversationPort port) {
            this.port = port;
            return this;
        }

        /** What an agent run does. Required. */
        public Builder handler(RunHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Default: {@link Triage#defaults()}. */
        public Builder triage(Triage triage) {
            this.triage = Objects.requireNonNull(triage, "triage");
            return this;
        }

        /**
         * What decides duplicates for the default in-memory inbox. Default: {@link DedupStore#inMemory} with the
         * configured time to live. Not used when an {@link #inbox} is given: the inbox decides duplicates itself.
         */
        public Builder dedup(DedupStore dedup) {
            this.dedup = Objects.requireNonNull(dedup, "dedup");
            return this;
        }

        /**
         * Where received events are kept until answered, duplicates decided in the same step. Default:
         * {@link Inbox#inMemory} over the {@link #dedup} store; lucy-store has a durable one.
         */
        public Builder inbox(Inbox inbox) {
            this.inbox = Objects.requireNonNull(inbox, "inbox");
            return this;
        }

        /** Default: {@link TaskStore#inMemory()}. */
        public Builder tasks(TaskStore tasks) {
            this.tasks = Objects.requireNonNull(tasks, "tasks");
            return this;
        }

        /**
         * Where this process says it is alive, so others can take over its work when it stops and it theirs.
         * Default: {@link Replicas#single()}.
         */
        public Builder replicas(Replicas replicas) {
            this.replicas = Objects.requireNonNull(replicas, "replicas");
            return this;
        }

        /** Default: the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default: {@link RuntimeObserver#none()}. */
        public Builder observer(RuntimeObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Default: {@link RuntimeConfig#defaults()}. */
        public Builder config(RuntimeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Default: {@link RuntimeNotices#defaults()}. */
        public Builder notices(RuntimeNotices notices) {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        /**
         * Told of each background task that has just ended (completed, failed, cancelled, timed out, interrupted), on
         * the thread that ended it: hand slow work elsewhere; a failure is logged and ignored. Default: nobody.
         */
        public Builder taskEnded(java.util.function.Consumer<Task> listener) {
            this.taskEnded = Objects.requireNonNull(listener, "taskEnded");
            return this;
        }

        /** The reaction added to a message that has to wait or was refused. Default {@code hourglass}. */
        public Builder busyEmoji(String emoji) {
            this.busyEmoji = Objects.requireNonNull(emoji, "busyEmoji");
            return this;
        }

        /**
         * Who may run a conversation when several replicas share it, and this replica's name (its instance name, as
         * the inbox's owner); its leases are held under the name and a random suffix of this runtime's, so two
         * processes started under one name never share a lease. Default {@link ConversationLeases#single()}: one
         * process, no lease taken. Shared leases need an {@link #inbox} the replicas share, as lucy-store's.
         */
        public Builder leases(ConversationLeases leases, String owner) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.leaseOwner = Check.notBlank(owner, "owner");
            return this;
        }

        public LucyRuntime build() {
            return new LucyRuntime(this);
        }
    }
}

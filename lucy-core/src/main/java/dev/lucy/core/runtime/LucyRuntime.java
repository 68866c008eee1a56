package dev.lucy.core.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ConversationPort;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
 */
public final class LucyRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LucyRuntime.class.getName());
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final int QUICK_THREADS = 4;

    private final ConversationPort port;
    private final RunHandler handler;
    private final Triage triage;
    private final DedupStore dedup;
    private final TaskStore tasks;
    private final Clock clock;
    private final RuntimeObserver observer;
    private final RuntimeConfig config;
    private final RuntimeNotices notices;
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
    private final ExecutorService quickOverflow = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lucy-quick-v-", 0).factory());

    private final ThreadPoolExecutor quick = new ThreadPoolExecutor(
            0,
            QUICK_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("lucy-quick-", 0).daemon().factory(),
            (task, pool) -> {
                if (pool.isShutdown()) {
                    throw new java.util.concurrent.RejectedExecutionException("stopping");
                }
                quickOverflow.execute(task);
            });
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

    private LucyRuntime(Builder b) {
        this.port = Objects.requireNonNull(b.port, "port");
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.clock = b.clock;
        this.config = b.config;
        this.triage = b.triage;
        this.dedup = b.dedup != null ? b.dedup : DedupStore.inMemory(config.dedupTtl(), clock);
        this.tasks = b.tasks;
        this.observer = b.observer;
        this.notices = b.notices;
        this.busyEmoji = b.busyEmoji;
        this.scheduler = new FairScheduler(config, clock, observer);
        this.rateLimits = new RateLimits(config.workspaceEventsPerMinute(), config.userEventsPerMinute(), clock);
        this.throttleNoticeSent = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1))
                .maximumSize(100_000)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports the background tasks an earlier process left unfinished as interrupted, telling their users, and
     * returns this runtime. Call once, before the first {@link #submit}.
     */
    public LucyRuntime start() {
        for (Task task : tasks.unfinished()) {
            Optional<Task> interrupted = transition(task.id(), TaskState.INTERRUPTED);
            interrupted.ifPresent(t -> tell(t.caller().conversationId(), notices.taskInterrupted(t.request())));
        }
        return this;
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

    public RuntimeStats stats() {
        return new RuntimeStats(scheduler.queued(), scheduler.running(), accepting.get());
    }

    /**
     * Stops taking work, tells the users of queued work to ask again, waits up to {@code deadline} for running
     * work, then interrupts it (interrupted background tasks are marked so and their users told).
     */
    public void shutdown(Duration deadline) {
        if (!accepting.getAndSet(false)) {
            return;
        }
        try {
            List<FairScheduler.Job> dropped = scheduler.shutdown(deadline, SHUTDOWN_GRACE);
            dropped.forEach(job -> job.onDrop.run());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
            quick.shutdown();
            try {
                quick.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                quickOverflow.shutdown();
                quickOverflow.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
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
        if (!dedup.firstSeen("event:" + event.eventId())) {
            return new Admission.Duplicate(event.eventId());
        }
        if (!dedup.firstSeen("message:" + conversation + ":" + event.messageId())) {
            return new Admission.Duplicate(conversation + ":" + event.messageId());
        }
        if (!accepting.get()) {
            tell(conversation, notices.shuttingDown());
            return new Admission.ShuttingDown();
        }
        Caller caller = event.caller();
        Optional<Duration> retryAfter = rateLimits.tryAcquire(caller.workspaceId(), caller.userId());
        if (retryAfter.isPresent()) {
            String who = caller.workspaceId() + ":" + caller.userId();
            if (throttleNoticeSent.asMap().putIfAbsent(who, Boolean.TRUE) == null) {
                tell(conversation, notices.throttled(retryAfter.get()));
            }
            return new Admission.Throttled(retryAfter.get());
        }
        ConversationView view = new ConversationView(
                awaitingReply.contains(conversation),
                scheduler.busy(laneOf(conversation)),
                depth.asMap().merge(conversation, 1, Integer::sum) - 1);
        TriageDecision decision = triage.classify(event, view);
        return switch (decision) {
            case TriageDecision.ReactOnly react -> {
                quickly(() -> port.react(conversation, event.messageId(), react.emoji()));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.FastReply reply -> {
                tell(conversation, reply.text());
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.StatusQuery status -> {
                quickly(() -> port.post(
                        conversation, notices.status(tasksOf(caller.workspaceId(), caller.userId()), clock.instant())));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.Cancel cancel -> {
                quickly(() -> cancelIn(conversation));
                yield new Admission.Accepted(decision);
            }
            case TriageDecision.AgentRun run -> run.background() ? startTask(event, run) : schedule(event, run, view);
        };
    }

    private Admission schedule(InboundEvent event, TriageDecision.AgentRun run, ConversationView view) {
        String conversation = event.conversationId();
        FairScheduler.Job job = new FairScheduler.Job(
                laneOf(conversation),
                event.caller().workspaceId(),
                run.priority(),
                () -> runInteractive(event, run),
                () -> tell(conversation, notices.droppedAtShutdown()),
                clock.instant());
        FairScheduler.Placement placement = scheduler.submit(job);
        return switch (placement.outcome()) {
            case STARTED -> new Admission.Accepted(run);
            case QUEUED -> {
                if (!view.busy()) {
                    // Waiting for capacity, not behind its own conversation: say so at once.
                    quickly(() -> {
                        port.react(conversation, event.messageId(), busyEmoji);
                        port.post(conversation, notices.queued(placement.position()));
                    });
                }
                yield new Admission.Queued(run, placement.position());
            }
            case FULL -> {
                quickly(() -> {
                    port.react(conversation, event.messageId(), busyEmoji);
                    port.post(conversation, notices.busy(placement.position()));
                });
                yield new Admission.RejectedBusy(placement.position());
            }
            case CLOSED -> {
                tell(conversation, notices.shuttingDown());
                yield new Admission.ShuttingDown();
            }
        };
    }

    private void runInteractive(InboundEvent event, TriageDecision.AgentRun run) {
        String conversation = event.conversationId();
        if (Thread.currentThread().isInterrupted()) {
            return; // cancelled before it started; the cancel was confirmed already
        }
        safely(() -> port.react(conversation, event.messageId(), run.workingEmoji()));
        try {
            handler.handle(new RunRequest(event, run, Optional.empty(), note -> {}));
        } catch (RuntimeException e) {
            boolean cancelled = Thread.interrupted();
            if (!cancelled) {
                LOG.log(Level.WARNING, "run failed in conversation " + conversation, e);
                safely(() -> port.post(conversation, notices.runFailed()));
            }
            throw e;
        } finally {
            Thread.interrupted(); // the cleanup below must not fail because the run was cancelled
            safely(() -> port.unreact(conversation, event.messageId(), run.workingEmoji()));
        }
    }

    private Admission startTask(InboundEvent event, TriageDecision.AgentRun run) {
        Instant now = clock.instant();
        Task task = Task.create(UUID.randomUUID().toString(), event.caller(), event.text(), now)
                .moveTo(TaskState.ACKNOWLEDGED, now);
        tasks.save(task);
        String conversation = event.conversationId();
        FairScheduler.Job job = new FairScheduler.Job(
                taskLane(task.id()),
                event.caller().workspaceId(),
                Priority.BACKGROUND,
                () -> runTask(task.id(), event, run),
                () -> transition(task.id(), TaskState.INTERRUPTED)
                        .ifPresent(t -> tell(conversation, notices.droppedAtShutdown())),
                now);
        FairScheduler.Placement placement = scheduler.submit(job);
        return switch (placement.outcome()) {
            case STARTED, QUEUED -> {
                tell(conversation, notices.taskAcknowledged());
                yield placement.outcome() == FairScheduler.Outcome.STARTED
                        ? new Admission.Accepted(run)
                        : new Admission.Queued(run, placement.position());
            }
            case FULL -> {
                transition(task.id(), TaskState.FAILED);
                quickly(() -> {
                    port.react(conversation, event.messageId(), busyEmoji);
                    port.post(conversation, notices.busy(placement.position()));
                });
                yield new Admission.RejectedBusy(placement.position());
            }
            case CLOSED -> {
                transition(task.id(), TaskState.INTERRUPTED);
                tell(conversation, notices.shuttingDown());
                yield new Admission.ShuttingDown();
            }
        };
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
            handler.handle(new RunRequest(event, run, working, note -> progress(taskId, note)));
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
        return update(taskId, task -> task.state().next().contains(next) ? task.moveTo(next, clock.instant()) : null);
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

    private void quickly(Runnable action) {
        try {
            quick.execute(() -> safely(action));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            safely(action); // stopping: do it on the caller's thread rather than lose it
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a message to the conversation could not be delivered", e);
        }
    }

    private static String laneOf(String conversation) {
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
        private TaskStore tasks = TaskStore.inMemory();
        private Clock clock = Clock.systemUTC();
        private RuntimeObserver observer = RuntimeObserver.none();
        private RuntimeConfig config = RuntimeConfig.defaults();
        private RuntimeNotices notices = RuntimeNotices.defaults();
        private String busyEmoji = "hourglass";

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

        /** Default: {@link DedupStore#inMemory} with the configured time to live. */
        public Builder dedup(DedupStore dedup) {
            this.dedup = Objects.requireNonNull(dedup, "dedup");
            return this;
        }

        /** Default: {@link TaskStore#inMemory()}. */
        public Builder tasks(TaskStore tasks) {
            this.tasks = Objects.requireNonNull(tasks, "tasks");
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

        /** The reaction added to a message that has to wait or was refused. Default {@code hourglass}. */
        public Builder busyEmoji(String emoji) {
            this.busyEmoji = Objects.requireNonNull(emoji, "busyEmoji");
            return this;
        }

        public LucyRuntime build() {
            return new LucyRuntime(this);
        }
    }
}

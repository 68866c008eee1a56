package dev.lucy.app.web;

import dev.lucy.app.ops.ObservedChatModel;
import dev.lucy.app.ops.Redactor;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every agent run's trace into {@link RunTraces} without ever holding a run up: a run collects its steps in
 * memory, and when it ends its trace is offered to a bounded queue that one background thread writes to the store. When
 * the queue is full the trace is dropped and counted ({@link #dropped()}), never waited for. Traces older than the
 * retention are deleted every {@link #PRUNE_EVERY} (and once at start). Tool arguments and results, and the messages
 * Lucy posts, pass through the same {@link Redactor} as the logs before they are kept.
 *
 * <p>Give it to the engine as its run tracing, and its {@link #modelWrapper()}
 * as a model wrapper. {@link #close()} writes what is queued (for up to {@link #CLOSE_WAIT}) and stops. Thread safe.
 */
public final class TraceRecorder implements RunTracing, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TraceRecorder.class);
    /** How long traces are kept unless configured ({@code LUCY_TRACE_RETENTION}). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How many finished traces may wait to be written before new ones are dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** The most finished traces written in one transaction. */
    static final int WRITE_BATCH = 100;
    /** Longest text kept of one tool argument list, result or message. */
    static final int MAX_TEXT = 4_000;

    private final RunTraces traces;
    private final Redactor redactor;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<RunTrace> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ConcurrentMap<String, TracedRun> inFlight = new ConcurrentHashMap<>();
    // The runtime reports a run's queue wait on the run's own thread, just before the run begins.
    private final ConcurrentMap<Thread, Duration> queueWaits = new ConcurrentHashMap<>();
    // The model client makes a run's requests on the run's thread or on threads it starts for them, which inherit this.
    private final InheritableThreadLocal<TracedRun> current = new InheritableThreadLocal<>();
    private final Thread writer;
    private final ScheduledExecutorService pruner;
    private volatile boolean closing;

    private TraceRecorder(Builder b) {
        this.traces = b.traces;
        this.redactor = b.redactor;
        this.retention = b.retention;
        this.clock = b.clock;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.writer = Thread.ofPlatform().daemon().name("lucy-trace-writer").unstarted(this::write);
        this.pruner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lucy-trace-pruner").factory());
    }

    public static Builder builder(RunTraces traces) {
        return new Builder(traces);
    }

    /** Starts writing and pruning; returns this. */
    public TraceRecorder start() {
        writer.start();
        pruner.scheduleWithFixedDelay(this::prune, 0, PRUNE_EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Where traces are kept, for the console to read. */
    public RunTraces traces() {
        return traces;
    }

    @Override
    public Run begin(RunRequest request) {
        Thread thread = Thread.currentThread();
        Duration wait = queueWaits.remove(thread);
        TracedRun run = new TracedRun(
                this, UUID.randomUUID().toString(), request, wait == null ? Duration.ZERO : wait, clock, thread);
        inFlight.put(run.id(), run);
        current.set(run);
        return run;
    }

    @Override
    public UnaryOperator<ChatModel> modelWrapper() {
        return model -> new ObservedChatModel(model, request -> {
            TracedRun run = current.get();
            return run == null || run.isEnded() ? Optional.empty() : Optional.of(new ModelRequestTrace(run, request));
        });
    }

    @Override
    public dev.lucy.tools.spi.ApprovalAudit approvals(dev.lucy.tools.spi.ApprovalAudit audit) {
        return new TracedApprovals(audit, this);
    }

    /**
     * The run in flight that asked for {@code request}: the one that recorded it asked, else the run of this thread (a
     * run asks on its own thread), else the newest run in the request's conversation.
     */
    Optional<TracedRun> runAsking(dev.lucy.tools.ApprovalRequest request) {
        Optional<TracedRun> asked = inFlight.values().stream()
                .filter(run -> run.asked(request.id()))
                .findFirst();
        if (asked.isPresent()) {
            return asked;
        }
        TracedRun mine = current.get();
        if (mine != null && !mine.isEnded() && mine.answers(request.caller())) {
            return Optional.of(mine);
        }
        return inFlight.values().stream()
                .filter(run -> run.answers(request.caller()))
                .max(Comparator.comparing(TracedRun::startedAt));
    }

    @Override
    public void queueWait(Duration wait) {
        queueWaits.put(Thread.currentThread(), wait);
    }

    /** The runs going on now in {@code workspaces}, oldest first, as traces so far. */
    public List<RunTrace> inFlight(Set<String> workspaces) {
        List<RunTrace> runs = new ArrayList<>();
        for (TracedRun run : inFlight.values()) {
            if (workspaces.contains(run.workspaceId())) {
                runs.add(run.soFar());
            }
        }
        runs.sort(Comparator.comparing(RunTrace::startedAt));
        return List.copyOf(runs);
    }

    /** Traces dropped because the write queue was full, since start. */
    public long dropped() {
        return dropped.sum();
    }

    /** Traces written, since start. */
    public long written() {
        return written.sum();
    }

    /** Traces waiting to be written. */
    public int queued() {
        return queue.size();
    }

    String redact(String text) {
        String masked = redactor.redact(text);
        return masked.length() <= MAX_TEXT
                ? masked
                : masked.substring(0, MAX_TEXT) + "… (" + (masked.length() - MAX_TEXT) + " more characters)";
    }

    void ended(TracedRun run, RunTrace trace) {
        inFlight.remove(run.id());
        if (current.get() == run) {
            current.remove();
        }
        if (closing || !queue.offer(trace)) {
            dropped.increment();
        }
    }

    private void write() {
        while (true) {
            RunTrace trace;
            try {
                trace = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (trace == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            // What has queued meanwhile goes in the same write: one transaction for many runs under load.
            List<RunTrace> batch = new ArrayList<>(WRITE_BATCH);
            batch.add(trace);
            queue.drainTo(batch, WRITE_BATCH - 1);
            try {
                traces.saveAll(batch);
                written.add(batch.size());
            } catch (RuntimeException e) {
                failed.add(batch.size());
                log.warn("{} run traces could not be written: {}", batch.size(), e.getMessage());
            }
        }
    }

    private void prune() {
        try {
            int deleted = traces.deleteBefore(clock.instant().minus(retention));
            if (deleted > 0) {
                log.debug("deleted {} run traces older than {}", deleted, retention);
            }
        } catch (RuntimeException e) {
            log.warn("old run traces could not be deleted: {}", e.getMessage());
        }
    }

    /** Writes what is queued (for up to {@link #CLOSE_WAIT}), then stops. */
    @Override
    public void close() {
        closing = true;
        pruner.shutdownNow();
        if (writer.getState() == Thread.State.NEW) {
            return; // never started
        }
        try {
            writer.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }

    /** Settings of a recorder. */
    public static final class Builder {
        private final RunTraces traces;
        private Redactor redactor = Redactor.patternsOnly();
        private Duration retention = DEFAULT_RETENTION;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Clock clock = Clock.systemUTC();

        private Builder(RunTraces traces) {
            this.traces = Objects.requireNonNull(traces, "traces");
        }

        /** What masks credentials in tool arguments, results and messages. Default: the built-in patterns. */
        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /** How long traces are kept. Default {@link #DEFAULT_RETENTION}. */
        public Builder retention(Duration retention) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive, was " + retention);
            }
            this.retention = retention;
            return this;
        }

        /** How many traces may wait to be written. Default {@link #DEFAULT_QUEUE_CAPACITY}. */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public TraceRecorder build() {
            return new TraceRecorder(this);
        }
    }
}

package dev.lucy.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs jobs on virtual threads under a global concurrency limit: strict priority between classes, workspaces
 * taking turns within a class, one job at a time per lane (a conversation, or one background task), and bounded
 * queues. All state sits behind one lock; every operation under it is O(1) apart from cancellation.
 */
final class FairScheduler {

    /** Where a submitted job ended up. */
    enum Outcome {
        STARTED,
        QUEUED,
        FULL,
        CLOSED
    }

    /**
     * Where a submitted job ended up; {@code behindItsLane}: queued after a job of its own lane (its conversation),
     * which it would wait for whatever the capacity.
     */
    record Placement(Outcome outcome, int position, boolean behindItsLane) {
        Placement(Outcome outcome, int position) {
            this(outcome, position, false);
        }
    }

    /** A unit of work. {@code body} must not throw for expected failures; the scheduler survives if it does. */
    static final class Job {
        final String laneKey;
        final String workspaceId;
        final Priority priority;
        final Runnable body;
        final Instant enqueuedAt;
        /** Tells the user when the job is dropped without running (cancelled while queued, or shutdown). */
        final Runnable onDrop;
        /** Tells the user when a shutdown interrupts the job while it runs; called just before the interrupt. */
        final Runnable onCut;
        // Guarded by the scheduler's lock: the thread running the body, and a cancel that came before it started.
        private Thread thread;
        private boolean cancelRequested;

        Job(
                String laneKey,
                String workspaceId,
                Priority priority,
                Runnable body,
                Runnable onDrop,
                Runnable onCut,
                Instant enqueuedAt) {
            this.laneKey = laneKey;
            this.workspaceId = workspaceId;
            this.priority = priority;
            this.body = body;
            this.onDrop = onDrop;
            this.onCut = onCut;
            this.enqueuedAt = enqueuedAt;
        }
    }

    private static final class Lane {
        final String key;
        final String workspaceId;
        final ArrayDeque<Job> pending = new ArrayDeque<>();
        Job current;

        Lane(String key, String workspaceId) {
            this.key = key;
            this.workspaceId = workspaceId;
        }
    }

    /** Lanes ready to run in one priority class; workspaces take turns. */
    private static final class RoundRobin {
        private final Map<String, ArrayDeque<Lane>> byWorkspace = new HashMap<>();
        private final ArrayDeque<String> turns = new ArrayDeque<>();

        void add(Lane lane) {
            ArrayDeque<Lane> lanes = byWorkspace.get(lane.workspaceId);
            if (lanes == null) {
                lanes = new ArrayDeque<>();
                byWorkspace.put(lane.workspaceId, lanes);
                turns.addLast(lane.workspaceId);
            }
            lanes.addLast(lane);
        }

        Lane poll() {
            String workspace = turns.pollFirst();
            if (workspace == null) {
                return null;
            }
            ArrayDeque<Lane> lanes = byWorkspace.get(workspace);
            Lane lane = lanes.pollFirst();
            if (lanes.isEmpty()) {
                byWorkspace.remove(workspace);
            } else {
                turns.addLast(workspace);
            }
            return lane;
        }

        void remove(Lane lane) {
            ArrayDeque<Lane> lanes = byWorkspace.get(lane.workspaceId);
            if (lanes != null && lanes.remove(lane) && lanes.isEmpty()) {
                byWorkspace.remove(lane.workspaceId);
                turns.remove(lane.workspaceId);
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final int maxConcurrent;
    private final int maxBackground;
    private final int capacity;
    private final int workspaceCapacity;
    private final Clock clock;
    private final RuntimeObserver observer;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lucy-run-", 0).factory());
    private final Map<String, Lane> lanes = new HashMap<>();
    private final EnumMap<Priority, RoundRobin> ready = new EnumMap<>(Priority.class);
    private final Map<String, Integer> queuedByWorkspace = new HashMap<>();
    private final int[] queuedByPriority = new int[Priority.values().length];
    private int queued;
    private int running;
    private int runningBackground;
    private boolean closed;

    FairScheduler(RuntimeConfig config, Clock clock, RuntimeObserver observer) {
        this.maxConcurrent = config.maxConcurrentRuns();
        this.maxBackground = config.maxBackgroundRuns();
        this.capacity = config.queueCapacity();
        this.workspaceCapacity = config.workspaceQueueCapacity();
        this.clock = clock;
        this.observer = observer;
        for (Priority priority : Priority.values()) {
            ready.put(priority, new RoundRobin());
        }
    }

    Placement submit(Job job) {
        lock.lock();
        try {
            if (closed) {
                return new Placement(Outcome.CLOSED, 0);
            }
            if (queued >= capacity || queuedByWorkspace.getOrDefault(job.workspaceId, 0) >= workspaceCapacity) {
                return new Placement(Outcome.FULL, queued);
            }
            Lane lane = lanes.computeIfAbsent(job.laneKey, key -> new Lane(key, job.workspaceId));
            boolean behindItsLane = lane.current != null || !lane.pending.isEmpty();
            lane.pending.addLast(job);
            countQueued(job, +1);
            if (lane.current == null && lane.pending.size() == 1) {
                ready.get(job.priority).add(lane);
            }
            dispatchLocked();
            if (lane.current == job) {
                return new Placement(Outcome.STARTED, 0);
            }
            int position = 0;
            for (int p = 0; p <= job.priority.ordinal(); p++) {
                position += queuedByPriority[p];
            }
            return new Placement(Outcome.QUEUED, position, behindItsLane);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a job of this lane runs or waits. */
    boolean busy(String laneKey) {
        return underLock(() -> lanes.containsKey(laneKey));
    }

    /**
     * Interrupts the running job of the lane and, when asked, drops its queued ones.
     *
     * @return the dropped queued jobs, and whether a running job was interrupted
     */
    Cancellation cancel(String laneKey, boolean dropQueued) {
        lock.lock();
        try {
            Lane lane = lanes.get(laneKey);
            if (lane == null) {
                return new Cancellation(false, List.of());
            }
            List<Job> dropped = dropQueued ? new ArrayList<>(lane.pending) : List.of();
            if (!dropped.isEmpty()) {
                ready.get(lane.pending.peekFirst().priority).remove(lane);
                dropped.forEach(job -> countQueued(job, -1));
                lane.pending.clear();
            }
            boolean interrupted = false;
            if (lane.current != null) {
                interrupt(lane.current);
                interrupted = true;
            } else if (lane.pending.isEmpty()) {
                lanes.remove(laneKey);
            }
            return new Cancellation(interrupted, dropped);
        } finally {
            lock.unlock();
        }
    }

    record Cancellation(boolean interrupted, List<Job> dropped) {
        boolean any() {
            return interrupted || !dropped.isEmpty();
        }
    }

    int queued() {
        return underLock(() -> queued);
    }

    int running() {
        return underLock(() -> running);
    }

    private <T> T underLock(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking jobs, drops the queued ones (returned, so their users can be told), waits up to
     * {@code deadline} for running jobs, then cuts what still runs (its {@link Job#onCut}, then an interrupt) and
     * waits up to {@code grace} more.
     */
    List<Job> shutdown(Duration deadline, Duration grace) throws InterruptedException {
        List<Job> dropped = new ArrayList<>();
        List<Job> cut;
        lock.lock();
        try {
            closed = true;
            for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
                Lane lane = it.next();
                if (!lane.pending.isEmpty()) {
                    ready.get(lane.pending.peekFirst().priority).remove(lane);
                    lane.pending.forEach(job -> countQueued(job, -1));
                    dropped.addAll(lane.pending);
                    lane.pending.clear();
                }
                if (lane.current == null) {
                    it.remove();
                }
            }
            awaitIdleLocked(deadline);
            cut = runningJobsLocked();
        } finally {
            lock.unlock();
        }
        // Outside the lock: telling people may take a moment, and a run finishing meanwhile must not wait for it.
        for (Job job : cut) {
            try {
                job.onCut.run();
            } catch (RuntimeException e) {
                // the job is interrupted all the same
            }
        }
        lock.lock();
        try {
            runningJobsLocked().forEach(this::interrupt);
            awaitIdleLocked(grace);
        } finally {
            lock.unlock();
        }
        executor.shutdownNow();
        executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        return dropped;
    }

    private List<Job> runningJobsLocked() {
        return lanes.values().stream()
                .filter(lane -> lane.current != null)
                .map(lane -> lane.current)
                .toList();
    }

    private void awaitIdleLocked(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        while (running > 0 && nanos > 0) {
            nanos = idle.awaitNanos(nanos);
        }
    }

    private void dispatchLocked() {
        while (running < maxConcurrent) {
            Lane lane = null;
            for (Priority priority : Priority.values()) {
                if (priority == Priority.BACKGROUND && runningBackground >= maxBackground) {
                    continue;
                }
                lane = ready.get(priority).poll();
                if (lane != null) {
                    break;
                }
            }
            if (lane == null) {
                return;
            }
            Job job = lane.pending.pollFirst();
            countQueued(job, -1);
            lane.current = job;
            running++;
            if (job.priority == Priority.BACKGROUND) {
                runningBackground++;
            }
            Lane started = lane;
            executor.execute(() -> run(started, job));
        }
    }

    private void interrupt(Job job) {
        if (job.thread != null) {
            job.thread.interrupt();
        } else {
            job.cancelRequested = true;
        }
    }

    private void run(Lane lane, Job job) {
        Instant start = clock.instant();
        observer.queueWait(job.priority, Duration.between(job.enqueuedAt, start));
        boolean failed = false;
        try {
            lock.lock();
            try {
                job.thread = Thread.currentThread();
                if (job.cancelRequested) {
                    job.thread.interrupt();
                }
            } finally {
                lock.unlock();
            }
            job.body.run();
        } catch (RuntimeException | Error e) {
            failed = true;
        } finally {
            lock.lock();
            try {
                job.thread = null;
            } finally {
                lock.unlock();
            }
            observer.runFinished(job.priority, Duration.between(start, clock.instant()), failed);
            finished(lane, job);
        }
    }

    private void finished(Lane lane, Job job) {
        lock.lock();
        try {
            running--;
            if (job.priority == Priority.BACKGROUND) {
                runningBackground--;
            }
            lane.current = null;
            if (lane.pending.isEmpty()) {
                lanes.remove(lane.key);
            } else if (!closed) {
                ready.get(lane.pending.peekFirst().priority).add(lane);
            }
            if (!closed) {
                dispatchLocked();
            }
            if (running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void countQueued(Job job, int delta) {
        queued += delta;
        queuedByPriority[job.priority.ordinal()] += delta;
        queuedByWorkspace.merge(job.workspaceId, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}

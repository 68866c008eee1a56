package dev.lucy.memory;

import dev.lucy.memory.spi.MemoryAdminStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consolidation job: promotes company and team session facts that held long enough or were stated repeatedly
 * to permanent knowledge, and applies the rolling bound to session memory.
 *
 * <p>Crash safe: each promotion is one idempotent update of one fact (its tier), so a run that dies half-way has
 * promoted some facts and left the rest for the next run; no fact is copied (so none is duplicated) or deleted by
 * promotion (so none is lost). Runs of one instance never overlap; runs of several replicas may, harmlessly.
 * {@link #start()} schedules runs on a thread this object owns; {@link #close()} stops it.
 */
public final class Consolidation implements AutoCloseable {
    private final MemoryAdminStore store;
    private final ConsolidationConfig config;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final AtomicReference<Optional<Report>> lastReport = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<RuntimeException>> lastFailure = new AtomicReference<>(Optional.empty());
    private ScheduledExecutorService scheduler;

    /**
     * What one run did.
     *
     * @param workspaces workspaces looked at
     * @param promoted facts promoted to knowledge
     * @param trimmed session facts dropped by the rolling bound
     */
    public record Report(int workspaces, int promoted, int trimmed) {}

    public Consolidation(MemoryAdminStore store, ConsolidationConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs once now, in the calling thread. If a run of this instance is under way, waits for it first. */
    public Report runOnce() {
        running.lock();
        try {
            Instant now = clock.instant();
            int promoted = 0;
            int trimmed = 0;
            List<String> workspaces = store.workspaces();
            for (String ws : workspaces) {
                for (Fact f :
                        store.list(FactQuery.workspace(ws).tier(Tier.SESSION).limit(Integer.MAX_VALUE))) {
                    if (qualifies(f, now) && store.promote(ws, f.id(), now)) {
                        promoted++;
                    }
                }
                trimmed += store.trimSession(ws, config.maxSessionFactsPerWorkspace());
            }
            return new Report(workspaces.size(), promoted, trimmed);
        } finally {
            running.unlock();
        }
    }

    /** Whether a session fact is due for promotion now. */
    boolean qualifies(Fact f, Instant now) {
        if (!f.active()
                || f.tier() != Tier.SESSION
                || !f.target().promotable()
                || f.owner().isPresent()) {
            return false;
        }
        boolean heldLongEnough =
                !Duration.between(f.validFrom(), now).minus(config.minAge()).isNegative();
        return heldLongEnough || f.occurrences() >= config.minOccurrences();
    }

    /** Schedules a run every {@link ConsolidationConfig#interval()}, the first one interval from now. */
    public void start() {
        lifecycle.lock();
        try {
            if (scheduler != null) {
                throw new IllegalStateException("consolidation already started");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("lucy-consolidation").daemon(true).factory());
            long every = config.interval().toMillis();
            scheduler.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
        } finally {
            lifecycle.unlock();
        }
    }

    private void runQuietly() {
        try {
            lastReport.set(Optional.of(runOnce()));
            lastFailure.set(Optional.empty());
        } catch (RuntimeException e) {
            // the next run tries again; a scheduled task that throws would never run again
            lastFailure.set(Optional.of(e));
        }
    }

    /** What the last scheduled run did, if one has finished. */
    public Optional<Report> lastReport() {
        return lastReport.get();
    }

    /** Why the last scheduled run failed, if it did. */
    public Optional<RuntimeException> lastFailure() {
        return lastFailure.get();
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        } finally {
            lifecycle.unlock();
        }
    }
}

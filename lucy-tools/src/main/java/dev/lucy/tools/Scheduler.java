package dev.lucy.tools;

import dev.lucy.core.Sleeper;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fires due schedules. Every {@link ScheduleConfig#checkEvery()} it reads the due schedules from the store and claims
 * each time with a compare-and-set on the schedule's version (moving it to its next time), so that of several
 * processes sharing the store exactly one fires each time; the claimed times go to the {@link ScheduleRunner}, in
 * parallel on virtual threads.
 *
 * <p>A time found due more than {@link ScheduleConfig#lateAfter()} after it passed was missed (no Lucy was running):
 * with {@link Schedule.MissedRuns#RUN_LATEST} the latest missed time runs once, marked late, and older ones are
 * skipped; with {@link Schedule.MissedRuns#SKIP} none runs. Runs failing {@link ScheduleConfig#maxFailures()} times
 * in a row pause their schedule, and its conversation is told.
 *
 * <p>The loop runs on one virtual thread from {@link #start()} until {@link #close()}; {@link #check()} is the same
 * step, callable from a test that drives the clock. Thread safe; the clock and the sleeper are injected.
 */
public final class Scheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    /** How long before its time a schedule's runner is asked to prepare it. */
    public static final Duration PREPARE_AHEAD = Duration.ofSeconds(20);

    /** How often the schedules due within {@link #PREPARE_AHEAD} are looked for. */
    static final Duration PREPARE_EVERY = Duration.ofSeconds(1);

    /** After how long without a sign of life another process's open claims are taken over, by default. */
    public static final Duration DEFAULT_TAKE_OVER_AFTER = Duration.ofSeconds(30);

    private static final Duration MIN_WAIT = Duration.ofMillis(50);
    /** Missed times are counted up to this many; beyond it the count is a lower bound. */
    private static final int MAX_COUNTED = 10_000;

    private final ScheduleStore store;
    private final ScheduleRunner runner;
    private final ScheduleConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration takeOverAfter;
    private final ExecutorService firing = Executors.newVirtualThreadPerTaskExecutor();
    /** Per schedule, the time its runner was last asked to {@link ScheduleRunner#prepare} for. */
    private final Map<String, Instant> prepared = new ConcurrentHashMap<>();

    private volatile Instant nextPrepare = Instant.MIN;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<PauseReason, java.util.concurrent.atomic.AtomicLong> paused =
            new java.util.EnumMap<>(PauseReason.class);
    private volatile Thread loop;

    private Scheduler(Builder b) {
        this.store = b.store;
        this.runner = b.runner;
        this.config = b.config;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.takeOverAfter = b.takeOverAfter;
        for (PauseReason reason : PauseReason.values()) {
            paused.put(reason, new java.util.concurrent.atomic.AtomicLong());
        }
    }

    public static Builder builder(ScheduleStore store, ScheduleRunner runner) {
        return new Builder(store, runner);
    }

    /** Starts the loop on a virtual thread. Returns this. */
    public Scheduler start() {
        if (running.compareAndSet(false, true)) {
            loop = Thread.ofVirtual().name("lucy-scheduler").start(this::loop);
        }
        return this;
    }

    private void loop() {
        while (running.get()) {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not check the schedules; trying again", e);
            }
            try {
                sleeper.sleep(untilNextLook());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * How long to wait before looking again: until the earliest next time when it comes sooner than {@link
     * ScheduleConfig#checkEvery()}, so a time fires when it is due rather than up to a whole interval later.
     */
    private Duration untilNextLook() {
        try {
            Optional<Instant> earliest = store.earliest();
            if (earliest.isPresent()) {
                Duration until = Duration.between(clock.instant(), earliest.get());
                if (until.compareTo(config.checkEvery()) < 0) {
                    // Not below a floor: a time still due right after a look (a batch's rest) is taken soon, not in a
                    // spin.
                    return until.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : until;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the next schedule's time", e);
        }
        return config.checkEvery();
    }

    /**
     * Claims and fires the schedules due now, and returns how many times this process claimed. Returns once each
     * claimed time was handed to the runner.
     */
    public int check() {
        Instant now = clock.instant();
        if (!now.isBefore(nextPrepare)) {
            nextPrepare = now.plus(PREPARE_EVERY);
            prepareAhead(now);
        }
        List<Future<?>> started = new ArrayList<>();
        for (ScheduleStore.Claim orphan : store.takeOver(takeOverAfter, now)) {
            // A process claimed this time and stopped before its run started: run it here.
            boolean late = orphan.due().plus(config.lateAfter()).isBefore(now);
            ScheduleRunner.Firing firing = new ScheduleRunner.Firing(orphan.schedule(), orphan.due(), late, 0);
            started.add(this.firing.submit(() -> fire(firing)));
        }
        List<Schedule> due = store.due(now, config.batch());
        if (!due.isEmpty()) {
            for (ScheduleRunner.Firing firing : claim(due, now)) {
                started.add(this.firing.submit(() -> fire(firing)));
            }
        }
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(Level.WARNING, "a schedule could not be fired", e.getCause());
            }
        }
        return started.size();
    }

    /** What claiming a due schedule means now: the time that fires, and where the schedule moves. */
    private record Plan(ScheduleStore.Move move, boolean late, int skipped) {}

    private Plan plan(Schedule schedule, Instant now) {
        Instant due = schedule.nextRunAt().orElseThrow();
        boolean late = due.plus(config.lateAfter()).isBefore(now);
        Instant fires = due;
        int skipped = 0;
        Optional<Instant> next;
        if (late) {
            // Every time up to now was missed: find the latest, count the ones before it.
            Optional<Instant> after = schedule.timing().nextAfter(due);
            while (after.isPresent() && !after.get().isAfter(now) && skipped < MAX_COUNTED) {
                fires = after.get();
                skipped++;
                after = schedule.timing().nextAfter(fires);
            }
            next = schedule.timing().nextAfter(now);
        } else {
            next = schedule.timing().nextAfter(due);
        }
        return new Plan(new ScheduleStore.Move(schedule, schedule.withNextRun(next), fires), late, skipped);
    }

    /**
     * Claims the due schedules (moving each past its time) and returns the firings of those this process won and
     * whose policy runs them.
     */
    private List<ScheduleRunner.Firing> claim(List<Schedule> due, Instant now) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Schedule schedule : due) {
            plans.put(schedule.id(), plan(schedule, now));
        }
        List<ScheduleRunner.Firing> firings = new ArrayList<>();
        for (Schedule won :
                store.claimAll(plans.values().stream().map(Plan::move).toList())) {
            Plan plan = plans.get(won.id());
            Schedule schedule = plan.move().expected();
            Instant fires = plan.move().due();
            if (plan.late() && schedule.missedRuns() == Schedule.MissedRuns.SKIP) {
                store.started(schedule.id(), fires);
                LOG.log(
                        Level.INFO,
                        "schedule " + schedule.id() + " missed " + (plan.skipped() + 1)
                                + " time(s); its policy skips them");
            } else {
                firings.add(new ScheduleRunner.Firing(schedule, fires, plan.late(), plan.skipped()));
            }
        }
        return firings;
    }

    /**
     * Asks the runner to prepare each time due within {@link #PREPARE_AHEAD}, once per time, without waiting: a
     * hundred schedules due together then find what they look up (their creators, their channels) already known.
     */
    private void prepareAhead(Instant now) {
        prepared.values().removeIf(at -> at.isBefore(now));
        Instant horizon = now.plus(PREPARE_AHEAD);
        if (store.earliest().filter(at -> !at.isAfter(horizon)).isEmpty()) {
            return; // nothing comes soon: the idle look stays one cheap query
        }
        for (Schedule soon : store.due(horizon, config.batch())) {
            Instant at = soon.nextRunAt().orElse(null);
            if (at == null || !at.isAfter(now) || at.equals(prepared.put(soon.id(), at))) {
                continue;
            }
            firing.execute(() -> {
                try {
                    runner.prepare(soon);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "schedule " + soon.id() + " could not be prepared; its run looks again", e);
                }
            });
        }
    }

    private void fire(ScheduleRunner.Firing firing) {
        ScheduleRunner.Started started;
        try {
            started = runner.fire(firing);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "schedule " + firing.schedule().id() + " could not start", e);
            closeClaim(firing);
            finished(firing.schedule().id(), false);
            return;
        }
        closeClaim(firing);
        switch (started) {
            case ScheduleRunner.Started.Yes yes -> {}
            case ScheduleRunner.Started.Done done -> finished(firing.schedule().id(), true);
            case ScheduleRunner.Started.NoAccess no ->
                pause(
                        firing.schedule().id(),
                        PauseReason.CREATOR_LEFT,
                        s -> runner.tell(s, ScheduleNotices.pausedNoAccess(no.why())));
            case ScheduleRunner.Started.ChannelLost lost ->
                pause(
                        firing.schedule().id(),
                        PauseReason.LOST_ACCESS,
                        s -> runner.tellCreator(s, ScheduleNotices.pausedChannelLost(s, lost.why())));
        }
    }

    private void closeClaim(ScheduleRunner.Firing firing) {
        try {
            store.started(firing.schedule().id(), firing.due());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not close the claim of schedule " + firing.schedule().id(),
                    e);
        }
    }

    /**
     * Reports how a run of the schedule ended: a success sets its failures back to 0; a failure counts, and the one
     * that reaches {@link ScheduleConfig#maxFailures()} pauses it and tells its conversation. Returns the schedule as
     * stored after, empty when it is gone.
     */
    public Optional<Schedule> finished(String scheduleId, boolean succeeded) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Schedule> current = store.find(scheduleId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Schedule s = current.get();
            int failures = succeeded ? 0 : s.failures() + 1;
            boolean pause = !succeeded && failures >= config.maxFailures() && s.state() == Schedule.State.ACTIVE;
            Schedule changed =
                    pause ? s.withFailures(failures).withState(Schedule.State.PAUSED) : s.withFailures(failures);
            if (changed.equals(s)) {
                return current;
            }
            Optional<Schedule> stored = store.replace(s, changed);
            if (stored.isPresent()) {
                if (pause) {
                    paused.get(PauseReason.FAILURES).incrementAndGet();
                    tell(stored.get(), s2 -> runner.tell(s2, ScheduleNotices.pausedAfterFailures(failures)));
                }
                return stored;
            }
        }
        LOG.log(Level.WARNING, "could not record how a run of schedule " + scheduleId + " ended: it kept changing");
        return store.find(scheduleId);
    }

    /**
     * Pauses an active schedule and tells of it through {@code notice}: only the process whose compare-and-set paused
     * it tells, so the notice goes out once.
     */
    private void pause(String scheduleId, PauseReason reason, java.util.function.Consumer<Schedule> notice) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Schedule> current = store.find(scheduleId);
            if (current.isEmpty() || current.get().state() != Schedule.State.ACTIVE) {
                return;
            }
            Optional<Schedule> stored =
                    store.replace(current.get(), current.get().withState(Schedule.State.PAUSED));
            if (stored.isPresent()) {
                paused.get(reason).incrementAndGet();
                tell(stored.get(), notice);
                return;
            }
        }
    }

    /** Why Lucy paused a schedule by itself, as {@link #paused(PauseReason)} counts. */
    public enum PauseReason {
        /** Its runs failed {@link ScheduleConfig#maxFailures()} times in a row. */
        FAILURES,
        /** Its creator left the workspace. */
        CREATOR_LEFT,
        /** Its creator or Lucy lost access to its channel (not a member any more, archived, removed). */
        LOST_ACCESS
    }

    /** How many schedules this process paused for {@code reason} since it started, for the metrics. */
    public long paused(PauseReason reason) {
        return paused.get(reason).get();
    }

    private void tell(Schedule schedule, java.util.function.Consumer<Schedule> notice) {
        try {
            notice.accept(schedule);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell the conversation of schedule " + schedule.id(), e);
        }
    }

    /** Stops the loop; firings under way finish. */
    @Override
    public void close() {
        running.set(false);
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
        firing.shutdown();
    }

    /** Settings of a scheduler; the store and the runner are required. */
    public static final class Builder {
        private final ScheduleStore store;
        private final ScheduleRunner runner;
        private ScheduleConfig config = ScheduleConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration takeOverAfter = DEFAULT_TAKE_OVER_AFTER;

        private Builder(ScheduleStore store, ScheduleRunner runner) {
            this.store = Objects.requireNonNull(store, "store");
            this.runner = Objects.requireNonNull(runner, "runner");
        }

        public Builder config(ScheduleConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the loop waits between looks. Default: {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * After how long without a sign of life a process's open claims are taken over (the replicas' timeout).
         * Default: {@link #DEFAULT_TAKE_OVER_AFTER}.
         */
        public Builder takeOverAfter(Duration silence) {
            Objects.requireNonNull(silence, "silence");
            if (!silence.isPositive()) {
                throw new IllegalArgumentException("takeOverAfter must be positive: " + silence);
            }
            this.takeOverAfter = silence;
            return this;
        }

        public Scheduler build() {
            return new Scheduler(this);
        }
    }
}

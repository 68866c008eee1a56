package dev.lucy.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * How schedules are checked and limited. Immutable; {@link #defaults()} or {@link #builder()}.
 *
 * @param checkEvery how often the scheduler looks for due schedules
 * @param batch at most this many due schedules are claimed per look
 * @param lateAfter a time found due later than this after it passed counts as missed (Lucy was down), and its
 *     schedule's {@link Schedule.MissedRuns} policy applies
 * @param maxFailures runs failing this many times in a row pause the schedule
 * @param maxPerPerson schedules one person may have (active or paused) in a workspace
 * @param maxPerWorkspace schedules a workspace may have
 * @param minInterval the shortest time allowed between two runs of one schedule
 * @param routines the proactive routines switched on (none by default)
 */
public record ScheduleConfig(
        Duration checkEvery,
        int batch,
        Duration lateAfter,
        int maxFailures,
        int maxPerPerson,
        int maxPerWorkspace,
        Duration minInterval,
        RoutineConfig routines) {
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(1);
    public static final int DEFAULT_BATCH = 500;
    public static final Duration DEFAULT_LATE_AFTER = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_FAILURES = 3;
    public static final int DEFAULT_MAX_PER_PERSON = 20;
    public static final int DEFAULT_MAX_PER_WORKSPACE = 200;
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);

    public ScheduleConfig {
        requirePositive(checkEvery, "checkEvery");
        requirePositive(lateAfter, "lateAfter");
        Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
        }
        requirePositive(batch, "batch");
        requirePositive(maxFailures, "maxFailures");
        requirePositive(maxPerPerson, "maxPerPerson");
        requirePositive(maxPerWorkspace, "maxPerWorkspace");
        Objects.requireNonNull(routines, "routines");
    }

    public static ScheduleConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .checkEvery(checkEvery)
                .batch(batch)
                .lateAfter(lateAfter)
                .maxFailures(maxFailures)
                .maxPerPerson(maxPerPerson)
                .maxPerWorkspace(maxPerWorkspace)
                .minInterval(minInterval)
                .routines(routines);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds a {@link ScheduleConfig}; every field starts at its default. */
    public static final class Builder {
        private Duration checkEvery = DEFAULT_CHECK_EVERY;
        private int batch = DEFAULT_BATCH;
        private Duration lateAfter = DEFAULT_LATE_AFTER;
        private int maxFailures = DEFAULT_MAX_FAILURES;
        private int maxPerPerson = DEFAULT_MAX_PER_PERSON;
        private int maxPerWorkspace = DEFAULT_MAX_PER_WORKSPACE;
        private Duration minInterval = DEFAULT_MIN_INTERVAL;
        private RoutineConfig routines = RoutineConfig.defaults();

        private Builder() {}

        public Builder checkEvery(Duration checkEvery) {
            this.checkEvery = checkEvery;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder lateAfter(Duration lateAfter) {
            this.lateAfter = lateAfter;
            return this;
        }

        public Builder maxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
            return this;
        }

        public Builder maxPerPerson(int maxPerPerson) {
            this.maxPerPerson = maxPerPerson;
            return this;
        }

        public Builder maxPerWorkspace(int maxPerWorkspace) {
            this.maxPerWorkspace = maxPerWorkspace;
            return this;
        }

        public Builder minInterval(Duration minInterval) {
            this.minInterval = minInterval;
            return this;
        }

        /** The proactive routines. Default: {@link RoutineConfig#defaults()} (none). */
        public Builder routines(RoutineConfig routines) {
            this.routines = routines;
            return this;
        }

        public ScheduleConfig build() {
            return new ScheduleConfig(
                    checkEvery, batch, lateAfter, maxFailures, maxPerPerson, maxPerWorkspace, minInterval, routines);
        }
    }
}

package dev.lucy.memory;

import java.time.Duration;
import java.util.Objects;

/**
 * When session facts become knowledge. Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class ConsolidationConfig {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    public static final Duration DEFAULT_MIN_AGE = Duration.ofDays(3);
    public static final int DEFAULT_MIN_OCCURRENCES = 2;

    private final Duration interval;
    private final Duration minAge;
    private final int minOccurrences;
    private final int maxSessionFactsPerWorkspace;

    private ConsolidationConfig(Builder b) {
        this.interval = b.interval;
        this.minAge = b.minAge;
        this.minOccurrences = b.minOccurrences;
        this.maxSessionFactsPerWorkspace = b.maxSessionFactsPerWorkspace;
    }

    public static ConsolidationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .interval(interval)
                .minAge(minAge)
                .minOccurrences(minOccurrences)
                .maxSessionFactsPerWorkspace(maxSessionFactsPerWorkspace);
    }

    /** Time between two scheduled runs; 6 hours by default. */
    public Duration interval() {
        return interval;
    }

    /** A company or team fact that held (was not superseded) this long is promoted. */
    public Duration minAge() {
        return minAge;
    }

    /** A company or team fact stated this many times is promoted at once. */
    public int minOccurrences() {
        return minOccurrences;
    }

    /** The rolling bound applied to session memory at each run. */
    public int maxSessionFactsPerWorkspace() {
        return maxSessionFactsPerWorkspace;
    }

    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Duration minAge = DEFAULT_MIN_AGE;
        private int minOccurrences = DEFAULT_MIN_OCCURRENCES;
        private int maxSessionFactsPerWorkspace = MemoryConfig.DEFAULT_MAX_SESSION_FACTS;

        private Builder() {}

        public Builder interval(Duration interval) {
            requirePositive(interval, "interval");
            this.interval = interval;
            return this;
        }

        public Builder minAge(Duration minAge) {
            Objects.requireNonNull(minAge, "minAge");
            if (minAge.isNegative()) {
                throw new IllegalArgumentException("minAge must not be negative: " + minAge);
            }
            this.minAge = minAge;
            return this;
        }

        public Builder minOccurrences(int minOccurrences) {
            if (minOccurrences < 2) {
                throw new IllegalArgumentException("minOccurrences must be at least 2: " + minOccurrences);
            }
            this.minOccurrences = minOccurrences;
            return this;
        }

        public Builder maxSessionFactsPerWorkspace(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSessionFactsPerWorkspace must be at least 1: " + max);
            }
            this.maxSessionFactsPerWorkspace = max;
            return this;
        }

        public ConsolidationConfig build() {
            return new ConsolidationConfig(this);
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}

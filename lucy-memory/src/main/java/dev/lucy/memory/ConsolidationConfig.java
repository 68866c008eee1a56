package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;

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
            this.interval = positive(interval, "interval");
            return this;
        }

        public Builder minAge(Duration minAge) {
            this.minAge = notNegative(minAge, "minAge");
            return this;
        }

        public Builder minOccurrences(int minOccurrences) {
            this.minOccurrences = atLeast(minOccurrences, 2, "minOccurrences");
            return this;
        }

        public Builder maxSessionFactsPerWorkspace(int max) {
            this.maxSessionFactsPerWorkspace = atLeast(max, 1, "maxSessionFactsPerWorkspace");
            return this;
        }

        public ConsolidationConfig build() {
            return new ConsolidationConfig(this);
        }
    }
}

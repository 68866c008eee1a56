package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;

/**
 * When session facts become knowledge. Immutable; {@link #defaults()} or {@link #builder()}, change with
 * {@link #toBuilder()}. The constructor names the field it refuses.
 *
 * @param interval time between two scheduled runs; 6 hours by default
 * @param minAge a company or team fact that held (was not superseded) this long is promoted
 * @param minOccurrences a company or team fact stated this many times is promoted at once
 * @param maxSessionFactsPerWorkspace the rolling bound applied to session memory at each run
 */
public record ConsolidationConfig(
        Duration interval, Duration minAge, int minOccurrences, int maxSessionFactsPerWorkspace) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);
    public static final Duration DEFAULT_MIN_AGE = Duration.ofDays(3);
    public static final int DEFAULT_MIN_OCCURRENCES = 2;

    public ConsolidationConfig {
        positive(interval, "interval");
        notNegative(minAge, "minAge");
        atLeast(minOccurrences, 2, "minOccurrences");
        atLeast(maxSessionFactsPerWorkspace, 1, "maxSessionFactsPerWorkspace");
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

    /** Builds a {@link ConsolidationConfig}; not thread safe. */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Duration minAge = DEFAULT_MIN_AGE;
        private int minOccurrences = DEFAULT_MIN_OCCURRENCES;
        private int maxSessionFactsPerWorkspace = MemoryConfig.DEFAULT_MAX_SESSION_FACTS;

        private Builder() {}

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder minAge(Duration minAge) {
            this.minAge = minAge;
            return this;
        }

        public Builder minOccurrences(int minOccurrences) {
            this.minOccurrences = minOccurrences;
            return this;
        }

        public Builder maxSessionFactsPerWorkspace(int max) {
            this.maxSessionFactsPerWorkspace = max;
            return this;
        }

        public ConsolidationConfig build() {
            return new ConsolidationConfig(interval, minAge, minOccurrences, maxSessionFactsPerWorkspace);
        }
    }
}

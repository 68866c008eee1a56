package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import java.time.Duration;

/**
 * How model extraction runs beside the rules: messages the rules could not settle are asked about in batches, off
 * the reply's path, within a daily token budget. Immutable; {@link #defaults()} or {@link #builder()}.
 *
 * @param batchSize how many messages one model call reads at most
 * @param maxDelay how long a message waits for its batch to fill before it is asked about anyway
 * @param dailyTokenBudget the tokens model extraction may use per day (UTC) in this process; past it, the rules
 *     alone run until the next day
 * @param maxQueued how many messages may wait; more are left to the rules alone
 */
public record ExtractionConfig(int batchSize, Duration maxDelay, int dailyTokenBudget, int maxQueued) {
    public static final int DEFAULT_BATCH_SIZE = 8;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_DAILY_TOKEN_BUDGET = 200_000;
    public static final int DEFAULT_MAX_QUEUED = 1_000;

    public ExtractionConfig {
        atLeast(batchSize, 1, "batchSize");
        positive(maxDelay, "maxDelay");
        atLeast(dailyTokenBudget, 0, "dailyTokenBudget");
        atLeast(maxQueued, 1, "maxQueued");
    }

    public static ExtractionConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .batchSize(batchSize)
                .maxDelay(maxDelay)
                .dailyTokenBudget(dailyTokenBudget)
                .maxQueued(maxQueued);
    }

    /** Builds an {@link ExtractionConfig}; not thread safe. */
    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private int dailyTokenBudget = DEFAULT_DAILY_TOKEN_BUDGET;
        private int maxQueued = DEFAULT_MAX_QUEUED;

        private Builder() {}

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder dailyTokenBudget(int tokens) {
            this.dailyTokenBudget = tokens;
            return this;
        }

        public Builder maxQueued(int maxQueued) {
            this.maxQueued = maxQueued;
            return this;
        }

        public ExtractionConfig build() {
            return new ExtractionConfig(batchSize, maxDelay, dailyTokenBudget, maxQueued);
        }
    }
}

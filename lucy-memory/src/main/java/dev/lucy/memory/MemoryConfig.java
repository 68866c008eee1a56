package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How session memory keeps and recalls facts. Immutable; {@link #defaults()} or {@link #builder()}, change with
 * {@link #toBuilder()}. The constructor names the field it refuses.
 *
 * @param maxSessionFactsPerWorkspace the rolling bound: session facts (history included) kept per workspace; the
 *     least recently stated go
 * @param trimEveryWrites how many writes of this process pass between two applications of the rolling bound
 * @param recallCandidates how many full-text matches recall scores
 * @param recentCandidates how many of the most recently stated facts recall also scores (for same-thread and
 *     same-user facts)
 * @param recencyHalfLife how fast a fact's recency bonus halves
 * @param categoryWeights the weight of each category in recall, between 0 and 1, for every category
 */
public record MemoryConfig(
        int maxSessionFactsPerWorkspace,
        int trimEveryWrites,
        int recallCandidates,
        int recentCandidates,
        Duration recencyHalfLife,
        Map<Category, Double> categoryWeights) {
    public static final int DEFAULT_MAX_SESSION_FACTS = 5_000;
    public static final int DEFAULT_TRIM_EVERY_WRITES = 100;
    public static final int DEFAULT_RECALL_CANDIDATES = 64;
    public static final int DEFAULT_RECENT_CANDIDATES = 32;
    public static final Duration DEFAULT_RECENCY_HALF_LIFE = Duration.ofDays(14);

    public MemoryConfig {
        atLeast(maxSessionFactsPerWorkspace, 1, "maxSessionFactsPerWorkspace");
        atLeast(trimEveryWrites, 1, "trimEveryWrites");
        atLeast(recallCandidates, 1, "recallCandidates");
        atLeast(recentCandidates, 0, "recentCandidates");
        positive(recencyHalfLife, "recencyHalfLife");
        categoryWeights = Map.copyOf(Objects.requireNonNull(categoryWeights, "categoryWeights"));
        for (Category category : Category.values()) {
            Double weight = categoryWeights.get(category);
            if (weight == null) {
                throw new IllegalArgumentException("categoryWeights has no weight for " + category);
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("categoryWeight must be between 0 and 1: " + weight);
            }
        }
    }

    public static MemoryConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxSessionFactsPerWorkspace = maxSessionFactsPerWorkspace;
        b.trimEveryWrites = trimEveryWrites;
        b.recallCandidates = recallCandidates;
        b.recentCandidates = recentCandidates;
        b.recencyHalfLife = recencyHalfLife;
        b.categoryWeights = new EnumMap<>(categoryWeights);
        return b;
    }

    /** Weight of each category in recall, between 0 and 1. */
    public double categoryWeight(Category category) {
        return categoryWeights.get(category);
    }

    /** Builds a {@link MemoryConfig}; not thread safe. */
    public static final class Builder {
        private int maxSessionFactsPerWorkspace = DEFAULT_MAX_SESSION_FACTS;
        private int trimEveryWrites = DEFAULT_TRIM_EVERY_WRITES;
        private int recallCandidates = DEFAULT_RECALL_CANDIDATES;
        private int recentCandidates = DEFAULT_RECENT_CANDIDATES;
        private Duration recencyHalfLife = DEFAULT_RECENCY_HALF_LIFE;
        private Map<Category, Double> categoryWeights = new EnumMap<>(Map.of(
                Category.PREFERENCE, 1.0,
                Category.DECISION, 0.9,
                Category.PROJECT, 0.8,
                Category.FACT, 0.8,
                Category.GENERAL, 0.5,
                Category.STANDING_INSTRUCTION, 1.0));

        private Builder() {}

        public Builder maxSessionFactsPerWorkspace(int max) {
            this.maxSessionFactsPerWorkspace = max;
            return this;
        }

        public Builder trimEveryWrites(int writes) {
            this.trimEveryWrites = writes;
            return this;
        }

        public Builder recallCandidates(int candidates) {
            this.recallCandidates = candidates;
            return this;
        }

        public Builder recentCandidates(int candidates) {
            this.recentCandidates = candidates;
            return this;
        }

        public Builder recencyHalfLife(Duration halfLife) {
            this.recencyHalfLife = halfLife;
            return this;
        }

        public Builder categoryWeight(Category category, double weight) {
            this.categoryWeights.put(Objects.requireNonNull(category, "category"), weight);
            return this;
        }

        public MemoryConfig build() {
            return new MemoryConfig(
                    maxSessionFactsPerWorkspace,
                    trimEveryWrites,
                    recallCandidates,
                    recentCandidates,
                    recencyHalfLife,
                    categoryWeights);
        }
    }
}

package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How session memory keeps and recalls facts. Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class MemoryConfig {
    public static final int DEFAULT_MAX_SESSION_FACTS = 5_000;
    public static final int DEFAULT_TRIM_EVERY_WRITES = 100;
    public static final int DEFAULT_RECALL_CANDIDATES = 64;
    public static final int DEFAULT_RECENT_CANDIDATES = 32;
    public static final Duration DEFAULT_RECENCY_HALF_LIFE = Duration.ofDays(14);

    private final int maxSessionFactsPerWorkspace;
    private final int trimEveryWrites;
    private final int recallCandidates;
    private final int recentCandidates;
    private final Duration recencyHalfLife;
    private final Map<Category, Double> categoryWeights;

    private MemoryConfig(Builder b) {
        this.maxSessionFactsPerWorkspace = b.maxSessionFactsPerWorkspace;
        this.trimEveryWrites = b.trimEveryWrites;
        this.recallCandidates = b.recallCandidates;
        this.recentCandidates = b.recentCandidates;
        this.recencyHalfLife = b.recencyHalfLife;
        this.categoryWeights = Map.copyOf(b.categoryWeights);
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

    /** The rolling bound: session facts (history included) kept per workspace; the least recently stated go. */
    public int maxSessionFactsPerWorkspace() {
        return maxSessionFactsPerWorkspace;
    }

    /** How many writes of this process pass between two applications of the rolling bound. */
    public int trimEveryWrites() {
        return trimEveryWrites;
    }

    /** How many full-text matches recall scores. */
    public int recallCandidates() {
        return recallCandidates;
    }

    /** How many of the most recently stated facts recall also scores (for same-thread and same-user facts). */
    public int recentCandidates() {
        return recentCandidates;
    }

    /** How fast a fact's recency bonus halves. */
    public Duration recencyHalfLife() {
        return recencyHalfLife;
    }

    /** Weight of each category in recall, between 0 and 1. */
    public double categoryWeight(Category category) {
        return categoryWeights.get(category);
    }

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
                Category.GENERAL, 0.5));

        private Builder() {}

        public Builder maxSessionFactsPerWorkspace(int max) {
            this.maxSessionFactsPerWorkspace = atLeast(max, 1, "maxSessionFactsPerWorkspace");
            return this;
        }

        public Builder trimEveryWrites(int writes) {
            this.trimEveryWrites = atLeast(writes, 1, "trimEveryWrites");
            return this;
        }

        public Builder recallCandidates(int candidates) {
            this.recallCandidates = atLeast(candidates, 1, "recallCandidates");
            return this;
        }

        public Builder recentCandidates(int candidates) {
            this.recentCandidates = atLeast(candidates, 0, "recentCandidates");
            return this;
        }

        public Builder recencyHalfLife(Duration halfLife) {
            this.recencyHalfLife = positive(halfLife, "recencyHalfLife");
            return this;
        }

        public Builder categoryWeight(Category category, double weight) {
            Objects.requireNonNull(category, "category");
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("categoryWeight must be between 0 and 1: " + weight);
            }
            this.categoryWeights.put(category, weight);
            return this;
        }

        public MemoryConfig build() {
            return new MemoryConfig(this);
        }
    }
}

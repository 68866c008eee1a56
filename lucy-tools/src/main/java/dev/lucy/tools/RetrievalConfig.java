package dev.lucy.tools;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Bm25ToolIndex} scores tools. Immutable; start from {@link #defaults()} and change what you need with
 * {@link #toBuilder()}. The defaults were tuned on a development split of MetaTool's training queries (see
 * docs/tools.md, "Tuning retrieval").
 *
 * @param k1 BM25 term-frequency saturation
 * @param b BM25 length normalisation
 * @param nameBoost weight of matches in the tool name
 * @param descriptionBoost weight of matches in the description
 * @param tagsBoost weight of matches in the intent tags
 * @param exampleWeight weight of matches in requests the tool has served
 * @param examplesCounted how many of a tool's best-matching served requests add to its score
 * @param exampleDecay how much each further served request counts relative to the one before
 * @param usageWeight weight of the usage prior (successful calls, success rate)
 * @param maxExamplesPerTool different served requests kept per tool; the least recently served go first (a request
 *     served again, or one differing only in its numbers or word order, is kept once)
 * @param candidates documents read per search before grouping by tool
 * @param learningRefresh how long served requests may wait before searches read them: the index is reopened for them
 *     at most this often, so a busy Lucy learning from every tool call does not write a new segment per search
 *     (zero: at the next search)
 */
public record RetrievalConfig(
        float k1,
        float b,
        float nameBoost,
        float descriptionBoost,
        float tagsBoost,
        double exampleWeight,
        int examplesCounted,
        double exampleDecay,
        double usageWeight,
        int maxExamplesPerTool,
        int candidates,
        Duration learningRefresh) {

    public static final float DEFAULT_K1 = 1.2f;
    public static final float DEFAULT_B = 0.75f;

    public RetrievalConfig {
        requirePositive(k1, "k1");
        if (b < 0 || b > 1) {
            throw new IllegalArgumentException("b must be within [0, 1]: " + b);
        }
        requireNonNegative(nameBoost, "nameBoost");
        requireNonNegative(descriptionBoost, "descriptionBoost");
        requireNonNegative(tagsBoost, "tagsBoost");
        requireNonNegative(exampleWeight, "exampleWeight");
        requirePositive(examplesCounted, "examplesCounted");
        if (exampleDecay <= 0 || exampleDecay > 1) {
            throw new IllegalArgumentException("exampleDecay must be within (0, 1]: " + exampleDecay);
        }
        requireNonNegative(usageWeight, "usageWeight");
        requireNonNegative(maxExamplesPerTool, "maxExamplesPerTool");
        requirePositive(candidates, "candidates");
        Objects.requireNonNull(learningRefresh, "learningRefresh");
        if (learningRefresh.isNegative()) {
            throw new IllegalArgumentException("learningRefresh must not be negative: " + learningRefresh);
        }
    }

    public static RetrievalConfig defaults() {
        return new RetrievalConfig(
                DEFAULT_K1, DEFAULT_B, 1.5f, 1.0f, 1.0f, 2.0, 5, 0.6, 0.25, 1000, 100, Duration.ofSeconds(10));
    }

    /** Plain BM25 over names, descriptions and tags: no served requests, no usage prior. */
    public static RetrievalConfig plainBm25() {
        return defaults().toBuilder().exampleWeight(0).usageWeight(0).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /** Changes some fields of a {@link RetrievalConfig}; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private float k1;
        private float b;
        private float nameBoost;
        private float descriptionBoost;
        private float tagsBoost;
        private double exampleWeight;
        private int examplesCounted;
        private double exampleDecay;
        private double usageWeight;
        private int maxExamplesPerTool;
        private int candidates;
        private Duration learningRefresh;

        private Builder(RetrievalConfig c) {
            k1 = c.k1;
            b = c.b;
            nameBoost = c.nameBoost;
            descriptionBoost = c.descriptionBoost;
            tagsBoost = c.tagsBoost;
            exampleWeight = c.exampleWeight;
            examplesCounted = c.examplesCounted;
            exampleDecay = c.exampleDecay;
            usageWeight = c.usageWeight;
            maxExamplesPerTool = c.maxExamplesPerTool;
            candidates = c.candidates;
            learningRefresh = c.learningRefresh;
        }

        public Builder k1(float value) {
            k1 = value;
            return this;
        }

        public Builder b(float value) {
            b = value;
            return this;
        }

        public Builder nameBoost(float value) {
            nameBoost = value;
            return this;
        }

        public Builder descriptionBoost(float value) {
            descriptionBoost = value;
            return this;
        }

        public Builder tagsBoost(float value) {
            tagsBoost = value;
            return this;
        }

        public Builder exampleWeight(double value) {
            exampleWeight = value;
            return this;
        }

        public Builder examplesCounted(int value) {
            examplesCounted = value;
            return this;
        }

        public Builder exampleDecay(double value) {
            exampleDecay = value;
            return this;
        }

        public Builder usageWeight(double value) {
            usageWeight = value;
            return this;
        }

        public Builder maxExamplesPerTool(int value) {
            maxExamplesPerTool = value;
            return this;
        }

        public Builder candidates(int value) {
            candidates = value;
            return this;
        }

        public Builder learningRefresh(Duration value) {
            learningRefresh = value;
            return this;
        }

        public RetrievalConfig build() {
            return new RetrievalConfig(
                    k1,
                    b,
                    nameBoost,
                    descriptionBoost,
                    tagsBoost,
                    exampleWeight,
                    examplesCounted,
                    exampleDecay,
                    usageWeight,
                    maxExamplesPerTool,
                    candidates,
                    learningRefresh);
        }
    }
}

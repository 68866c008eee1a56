package dev.lucy.tools;

/**
 * How {@link HybridToolIndex} fuses keyword and vector rankings. Immutable; start from {@link #defaults()} and change
 * fields with {@link #toBuilder()}.
 *
 * @param keywordWeight how much the BM25 ranking (with served requests and usage) counts in the fusion
 * @param vectorWeight how much the vector ranking counts
 * @param fusionK reciprocal rank fusion's constant: smaller favours each ranking's first places more
 * @param candidates how many tools each ranking contributes before fusion
 * @param learnVectors whether requests a tool served are embedded too (one embedding per served request), so the
 *     vector ranking learns from usage as BM25 does
 */
public record HybridConfig(
        double keywordWeight, double vectorWeight, int fusionK, int candidates, boolean learnVectors) {

    public HybridConfig {
        if (!(keywordWeight >= 0) || !(vectorWeight >= 0) || keywordWeight + vectorWeight == 0) {
            throw new IllegalArgumentException("keywordWeight and vectorWeight must not be negative, nor both zero: "
                    + keywordWeight + ", " + vectorWeight);
        }
        if (fusionK < 1) {
            throw new IllegalArgumentException("fusionK must be at least 1: " + fusionK);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1: " + candidates);
        }
    }

    /**
     * Tuned on a development split of MetaTool's training queries, never its test split (docs/performance.md): the
     * vectors count twice as much as the words, and k = 5 lets each ranking's first places decide (k = 60, 1:1 gave
     * 0.718 recall@5 at cold start on that split; 5 and 1:2 gave 0.761, and 0.949 with served requests).
     */
    public static HybridConfig defaults() {
        return new HybridConfig(1.0, 2.0, 5, 30, true);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some fields of a {@link HybridConfig}; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private double keywordWeight;
        private double vectorWeight;
        private int fusionK;
        private int candidates;
        private boolean learnVectors;

        private Builder(HybridConfig c) {
            keywordWeight = c.keywordWeight;
            vectorWeight = c.vectorWeight;
            fusionK = c.fusionK;
            candidates = c.candidates;
            learnVectors = c.learnVectors;
        }

        public Builder keywordWeight(double value) {
            keywordWeight = value;
            return this;
        }

        public Builder vectorWeight(double value) {
            vectorWeight = value;
            return this;
        }

        public Builder fusionK(int value) {
            fusionK = value;
            return this;
        }

        public Builder candidates(int value) {
            candidates = value;
            return this;
        }

        public Builder learnVectors(boolean value) {
            learnVectors = value;
            return this;
        }

        public HybridConfig build() {
            return new HybridConfig(keywordWeight, vectorWeight, fusionK, candidates, learnVectors);
        }
    }
}

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

    /** Tuned on a development split of MetaTool's training queries (docs/tools.md). */
    public static HybridConfig defaults() {
        return new HybridConfig(1.0, 1.0, 60, 30, true);
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

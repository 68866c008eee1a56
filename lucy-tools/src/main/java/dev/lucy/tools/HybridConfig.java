package dev.lucy.tools;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param viewPrefix put before each view of a tool's text when it is embedded, so the tool is described as a request
 *     for it would be ("Can you help me? Books flights."): requests are conversational, descriptions are not, and
 *     the phrasing moves the tools' vectors towards the requests' ("" leaves the views as they are)
 * @param nameView whether a tool's name in words ("create task") is one of its views; it counts in the tool's mean
 *     view ({@code viewMeanWeight}) only, never in the graph a search walks, so it costs a search nothing
 * @param fillerWords words of a request the BM25 ranking leaves out (lower case): the conversational filler of a
 *     request to an assistant ("can you please tell me ..."), which matches any description using the same words;
 *     the vector ranking still reads the whole request
 * @param servedBonus added to the similarity of a tool's served requests (their mean) to the request before it is
 *     compared with other tools' own views: the tool's own views are phrased as requests ({@code viewPrefix}), and
 *     without a lead for what a tool was actually used for, tools that never served a request crowd out those that
 *     did among thousands
 * @param viewMeanWeight how much a tool's mean view counts beside its nearest one: its similarity to a request is
 *     {@code (nearest + viewMeanWeight * mean) / (1 + viewMeanWeight)}, the mean taken over all its views. The nearest
 *     view finds the tool; the mean ranks the tools found by everything they are, so a tool whose one sentence
 *     happens to echo a request does not pass the tool that is about it throughout (0 ranks by the nearest view
 *     alone)
 */
public record HybridConfig(
        double keywordWeight,
        double vectorWeight,
        int fusionK,
        int candidates,
        boolean learnVectors,
        String viewPrefix,
        boolean nameView,
        Set<String> fillerWords,
        double servedBonus,
        double viewMeanWeight) {

    /** What {@link #defaults()} puts before each view of a tool's text. */
    public static final String DEFAULT_VIEW_PREFIX = "Can you help me? ";

    /**
     * The default {@link #fillerWords()}: pronouns, auxiliary and modal verbs, question words and the politeness of a
     * request to an assistant. Words that name what a tool does ("find", "send", "book") are not filler.
     */
    public static final Set<String> DEFAULT_FILLER_WORDS =
            Set.of(("i me my mine myself we us our ours ourselves you your yours yourself he him his she her "
                            + "hers it its itself they them their theirs this that these those what which who whom whose "
                            + "when where why how am is are was were be been being have has had having do does did doing "
                            + "can could would should will shall may might must i'm i'd i'll i've you're you'd you'll "
                            + "you've we're we'd we'll we've it's that's what's let's don't can't won't please kindly hey "
                            + "hi hello thanks thank help assist want wanted need like looking know tell give let just "
                            + "also really some any very so too about")
                    .split(" "));

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
        Objects.requireNonNull(viewPrefix, "viewPrefix");
        if (!(servedBonus >= 0) || Double.isInfinite(servedBonus)) {
            throw new IllegalArgumentException("servedBonus must be a number not below zero: " + servedBonus);
        }
        if (!(viewMeanWeight >= 0) || Double.isInfinite(viewMeanWeight)) {
            throw new IllegalArgumentException("viewMeanWeight must be a number not below zero: " + viewMeanWeight);
        }
        fillerWords = Objects.requireNonNull(fillerWords, "fillerWords").stream()
                .map(w -> w.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Tuned on a development split of MetaTool's training queries, never its test split (docs/performance.md): the
     * vectors count twice as much as the words, and k = 5 lets each ranking's first places decide (k = 60, 1:1 gave
     * 0.718 recall@5 at cold start on that split; 5 and 1:2 gave 0.761, and 0.949 with served requests). The
     * views phrased as requests and the filler left out of BM25 took cold-start recall@5 on that split from 0.776 to
     * 0.785; the served requests' lead of 0.1 took recall@5 with served requests at 10,000 tools from 0.922 to 0.942
     * (0.931 before the views were phrased as requests). Ranking the tools found by their mean view as well, weighted
     * 3 to the nearest view's 1, with the name among the views averaged, took cold-start recall@5 on that split from
     * 0.785 to 0.808 (weights 2 to 10 all gave 0.805 to 0.808). Twenty candidates a side rather than thirty gave
     * 0.804 and the same recall with served requests, and took a quarter off a search at 10,000 tools (p95 about
     * 0.75 ms against 1 ms): with k = 5 a tool past twentieth in one ranking and absent from the other is not fused
     * into the first five.
     */
    public static HybridConfig defaults() {
        return new HybridConfig(1.0, 2.0, 5, 20, true, DEFAULT_VIEW_PREFIX, true, DEFAULT_FILLER_WORDS, 0.1, 3.0);
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
        private String viewPrefix;
        private boolean nameView;
        private Set<String> fillerWords;
        private double servedBonus;
        private double viewMeanWeight;

        private Builder(HybridConfig c) {
            keywordWeight = c.keywordWeight;
            vectorWeight = c.vectorWeight;
            fusionK = c.fusionK;
            candidates = c.candidates;
            learnVectors = c.learnVectors;
            viewPrefix = c.viewPrefix;
            nameView = c.nameView;
            fillerWords = c.fillerWords;
            servedBonus = c.servedBonus;
            viewMeanWeight = c.viewMeanWeight;
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

        public Builder viewPrefix(String value) {
            viewPrefix = value;
            return this;
        }

        public Builder nameView(boolean value) {
            nameView = value;
            return this;
        }

        public Builder fillerWords(Set<String> value) {
            fillerWords = value;
            return this;
        }

        public Builder servedBonus(double value) {
            servedBonus = value;
            return this;
        }

        public Builder viewMeanWeight(double value) {
            viewMeanWeight = value;
            return this;
        }

        public HybridConfig build() {
            return new HybridConfig(
                    keywordWeight,
                    vectorWeight,
                    fusionK,
                    candidates,
                    learnVectors,
                    viewPrefix,
                    nameView,
                    fillerWords,
                    servedBonus,
                    viewMeanWeight);
        }
    }
}

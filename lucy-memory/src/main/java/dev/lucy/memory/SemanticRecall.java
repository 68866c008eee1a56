package dev.lucy.memory;

import dev.lucy.core.Caller;
import dev.lucy.core.RankFusion;
import dev.lucy.core.RankFusion.Fused;
import dev.lucy.core.RankFusion.Ranking;
import dev.lucy.core.spi.Embeddings;
import dev.lucy.memory.spi.FactVectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recall by meaning beside recall by words: "where is our head office?" finds "HQ is in Berlin". Each fact written is
 * embedded once and its vector stored ({@link FactVectors}); recall embeds the message once, finds the nearest facts
 * and fuses them with the keyword ranking by reciprocal rank ({@link RankFusion}). Facts less similar than {@link
 * #minSimilarity()} are not recalled by meaning alone, so an unrelated message recalls nothing new.
 *
 * <p>Give it to {@link SessionMemory.Builder#semanticRecall}; without it recall is by words only. Immutable and
 * thread safe; embedding blocks for a few milliseconds with an in-process model.
 */
public final class SemanticRecall {
    /** Facts with a cosine similarity below this are not recalled by meaning (all-MiniLM-L6-v2's scale). */
    public static final double DEFAULT_MIN_SIMILARITY = 0.35;
    /** How many facts the vector search contributes before fusion. */
    public static final int DEFAULT_CANDIDATES = 20;

    private final Embeddings embeddings;
    private final FactVectors vectors;
    private final double minSimilarity;
    private final int candidates;
    private final RankFusion fusion;

    private SemanticRecall(Builder b) {
        this.embeddings = b.embeddings;
        this.vectors = b.vectors;
        this.minSimilarity = b.minSimilarity;
        this.candidates = b.candidates;
        this.fusion = RankFusion.defaults();
    }

    public static Builder builder(Embeddings embeddings, FactVectors vectors) {
        return new Builder(embeddings, vectors);
    }

    public Embeddings embeddings() {
        return embeddings;
    }

    public double minSimilarity() {
        return minSimilarity;
    }

    /** Embeds and stores the facts that writing made new (inserted or superseding); duplicates have theirs. */
    void written(List<WriteOutcome> outcomes) {
        List<Fact> fresh = new ArrayList<>();
        for (WriteOutcome outcome : outcomes) {
            switch (outcome) {
                case WriteOutcome.Inserted i -> fresh.add(i.fact());
                case WriteOutcome.Superseded s -> fresh.add(s.fact());
                case WriteOutcome.Duplicate d -> {}
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<String> texts = fresh.stream().map(SemanticRecall::text).toList();
        List<float[]> embedded = embeddings.embed(texts);
        for (int i = 0; i < fresh.size(); i++) {
            vectors.put(fresh.get(i), embeddings.name(), embedded.get(i));
        }
    }

    /** What a fact's vector is made from: its text, which states the subject in the words the user chose. */
    static String text(Fact fact) {
        return fact.text();
    }

    /**
     * {@code byWords} (recall's keyword ranking, best first) fused with the facts nearest to {@code message} in
     * meaning: one ranking of facts, best first.
     */
    List<Fact> fuse(Caller caller, String message, List<Fact> byWords) {
        if (message == null || message.isBlank()) {
            return byWords;
        }
        float[] query = embeddings.embed(message);
        List<Fact> byMeaning = new ArrayList<>();
        Map<String, Fact> facts = new LinkedHashMap<>();
        byWords.forEach(f -> facts.put(f.id(), f));
        for (FactVectors.Near near :
                vectors.nearest(caller.workspaceId(), caller.userId(), embeddings.name(), query, candidates)) {
            if (near.similarity() < minSimilarity) {
                break; // nearest first: the rest are further still
            }
            Fact f = near.fact();
            // the store filters already; this guard keeps a faulty store from leaking
            if (f.workspaceId().equals(caller.workspaceId()) && f.visibleTo(caller.userId()) && f.active()) {
                facts.putIfAbsent(f.id(), f);
                byMeaning.add(facts.get(f.id()));
            }
        }
        if (byMeaning.isEmpty()) {
            return byWords;
        }
        List<Fused<String>> fused = fusion.fuse(
                new Ranking<>(byWords.stream().map(Fact::id).toList(), 1.0),
                new Ranking<>(byMeaning.stream().map(Fact::id).toList(), 1.0));
        return fused.stream().map(f -> facts.get(f.item())).toList();
    }

    /** Builds a {@link SemanticRecall}; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private final Embeddings embeddings;
        private final FactVectors vectors;
        private double minSimilarity = DEFAULT_MIN_SIMILARITY;
        private int candidates = DEFAULT_CANDIDATES;

        private Builder(Embeddings embeddings, FactVectors vectors) {
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
            this.vectors = Objects.requireNonNull(vectors, "vectors");
        }

        /** The least cosine similarity at which a fact is recalled by meaning alone; from -1 to 1. */
        public Builder minSimilarity(double value) {
            minSimilarity = value;
            return this;
        }

        /** How many facts the vector search contributes before fusion; at least 1. */
        public Builder candidates(int value) {
            candidates = value;
            return this;
        }

        public SemanticRecall build() {
            if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
                throw new IllegalArgumentException("minSimilarity must be within [-1, 1]: " + minSimilarity);
            }
            if (candidates < 1) {
                throw new IllegalArgumentException("candidates must be at least 1: " + candidates);
            }
            return new SemanticRecall(this);
        }
    }
}

package dev.lucy.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reciprocal rank fusion: merges rankings of the same items made by different means (keyword and vector search)
 * by rank alone, so scores on different scales never need calibrating. An item's fused score is the sum over the
 * rankings holding it of {@code weight / (k + rank)}, rank counted from 1 (Cormack, Clarke and Büttcher, 2009).
 *
 * <p>Immutable and thread safe.
 *
 * @param k how much the first places count more than later ones; larger flattens the curve (60 in the paper)
 */
public record RankFusion(int k) {

    /** The constant of the paper. */
    public static final int DEFAULT_K = 60;

    public RankFusion {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1: " + k);
        }
    }

    public static RankFusion defaults() {
        return new RankFusion(DEFAULT_K);
    }

    /** One ranking (best first, no repeats expected) and how much it counts. */
    public record Ranking<T>(List<T> items, double weight) {
        public Ranking {
            items = List.copyOf(items);
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("weight must not be negative: " + weight);
            }
        }
    }

    /** An item with its fused score. */
    public record Fused<T>(T item, double score) {}

    /** The items of all rankings, best fused score first; ties keep the order in which items were first seen. */
    @SafeVarargs
    public final <T> List<Fused<T>> fuse(Ranking<T>... rankings) {
        return fuse(List.of(rankings));
    }

    /** The items of all rankings, best fused score first; ties keep the order in which items were first seen. */
    public <T> List<Fused<T>> fuse(List<Ranking<T>> rankings) {
        Map<T, Double> scores = new LinkedHashMap<>();
        for (Ranking<T> ranking : rankings) {
            Map<T, Boolean> seen = new HashMap<>();
            int rank = 0;
            for (T item : ranking.items()) {
                Objects.requireNonNull(item, "item");
                if (seen.put(item, Boolean.TRUE) != null) {
                    continue; // a repeat in one ranking counts once, at its best place
                }
                rank++;
                scores.merge(item, ranking.weight() / (k + rank), Double::sum);
            }
        }
        List<Fused<T>> out = new ArrayList<>(scores.size());
        scores.forEach((item, score) -> out.add(new Fused<>(item, score)));
        out.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
        return out;
    }
}

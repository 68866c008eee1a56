package dev.lucy.testkit.fake;

import dev.lucy.core.spi.Embeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Embeddings} that know meaning only as a test declares it: each concept is a list of phrases ("hq", "head
 * office", "headquarters"), and a text's vector counts the concepts its phrases name, normalised. Texts naming the
 * same concept in different words are close; texts naming none share nothing (every such text gets one and the same
 * "nothing" vector, similarity zero with any concept). Deterministic, immutable and thread safe.
 */
public final class ConceptEmbeddings implements Embeddings {
    private final Map<String, Integer> conceptByPhrase;
    private final int dimensions;

    private ConceptEmbeddings(Map<String, Integer> conceptByPhrase, int concepts) {
        this.conceptByPhrase = Map.copyOf(conceptByPhrase);
        this.dimensions = concepts + 1;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String name() {
        return "concepts-" + dimensions;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            String lower = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
            float[] v = new float[dimensions];
            conceptByPhrase.forEach((phrase, concept) -> {
                if (lower.contains(" " + phrase + " ")) {
                    v[concept] = 1;
                }
            });
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            if (norm == 0) {
                v[dimensions - 1] = 1; // "no concept": orthogonal to every concept
            } else {
                float scale = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= scale;
                }
            }
            out.add(v);
        }
        return out;
    }

    /** Declares concepts, one per {@link #concept} call. */
    public static final class Builder {
        private final Map<String, Integer> conceptByPhrase = new LinkedHashMap<>();
        private int concepts;

        private Builder() {}

        /** One concept: any of {@code phrases} (lower case words) in a text names it. */
        public Builder concept(String... phrases) {
            for (String phrase : phrases) {
                conceptByPhrase.put(Objects.requireNonNull(phrase, "phrase").toLowerCase(Locale.ROOT), concepts);
            }
            concepts++;
            return this;
        }

        public ConceptEmbeddings build() {
            return new ConceptEmbeddings(conceptByPhrase, concepts);
        }
    }
}

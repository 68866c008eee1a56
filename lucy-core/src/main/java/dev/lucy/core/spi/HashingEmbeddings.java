package dev.lucy.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@link Embeddings#hashing(int)}: the hashing trick over words and word pairs, so tests need no model. */
final class HashingEmbeddings implements Embeddings {
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private final int dimensions;

    HashingEmbeddings(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1: " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String name() {
        return "hashing-" + dimensions;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(vector(text));
        }
        return out;
    }

    private float[] vector(String text) {
        float[] v = new float[dimensions];
        String previous = null;
        for (String word : NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (word.isEmpty()) {
                continue;
            }
            add(v, word, 1f);
            if (previous != null) {
                add(v, previous + " " + word, 0.5f);
            }
            previous = word;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1; // a unit vector still, so every text has one
            return v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private void add(float[] v, String token, float weight) {
        // FNV-1a over UTF-8: stable across JVMs, unlike String.hashCode's use in hash maps is not a concern here
        int h = 0x811c9dc5;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        int bucket = Math.floorMod(h, dimensions);
        v[bucket] += (h & 0x80000000) == 0 ? weight : -weight;
    }
}

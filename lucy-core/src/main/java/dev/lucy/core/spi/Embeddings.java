package dev.lucy.core.spi;

import java.util.List;

/**
 * Turns text into vectors whose dot product says how close two texts are in meaning: semantic recall of facts and
 * semantic tool retrieval use it beside keyword search.
 *
 * <p>Every vector has {@link #dimensions()} components and unit length, so the dot product of two vectors is their
 * cosine similarity (1 for the same meaning, around 0 for unrelated texts). Implementations are thread safe, block
 * while they compute (a small in-process model takes milliseconds per sentence: call it when text is written, and
 * once per query, never per candidate) and never call the network unless they say so. They throw an unchecked
 * {@link dev.lucy.core.LucyException} when they cannot run at all.
 *
 * <p>The default is {@link #hashing(int)}: words hashed into buckets, free and deterministic, for tests and as a
 * stand-in; it knows spelling, not meaning. The module {@code lucy-embeddings} runs a small sentence-embedding
 * model (all-MiniLM-L6-v2, quantised) inside the JVM.
 */
public interface Embeddings {

    /** How many components each vector has. */
    int dimensions();

    /** One unit-length vector per text, in order. A blank text gets a vector too. */
    List<float[]> embed(List<String> texts);

    /** The vector of one text. */
    default float[] embed(String text) {
        return embed(List.of(text)).getFirst();
    }

    /**
     * A name for the vectors this produces (model and dimensions), stored beside persisted vectors so that vectors
     * of another model are never compared with these.
     */
    default String name() {
        return getClass().getSimpleName() + "-" + dimensions();
    }

    /**
     * The default: each lower-cased word (and each pair of neighbouring words) hashed into one of {@code dimensions}
     * signed buckets, then normalised. Texts sharing words are close; synonyms are not. Deterministic across runs
     * and machines; costs microseconds.
     */
    static Embeddings hashing(int dimensions) {
        return new HashingEmbeddings(dimensions);
    }

    /** The dot product of two vectors of the same length: their cosine similarity when both have unit length. */
    static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        // four running sums: one chain of dependent additions keeps the CPU waiting on each (a third of the time)
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int end = a.length - 3; i < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}

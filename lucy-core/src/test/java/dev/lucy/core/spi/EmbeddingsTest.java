package dev.lucy.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
    private final Embeddings hashing = Embeddings.hashing(256);

    @Test
    void hashing_vectors_have_unit_length_and_the_declared_dimensions() {
        for (float[] v : hashing.embed(List.of("Our HQ is in Berlin", "", "!!!"))) {
            assertThat(v).hasSize(256);
            assertThat(Embeddings.dot(v, v)).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void hashing_puts_texts_sharing_words_closer_than_unrelated_ones() {
        float[] query = hashing.embed("where is the deploy runbook");
        float[] related = hashing.embed("The deploy runbook lives in Notion");
        float[] unrelated = hashing.embed("Lunch is at noon on Fridays");
        assertThat(Embeddings.dot(query, related)).isGreaterThan(Embeddings.dot(query, unrelated));
    }

    @Test
    void dot_counts_every_component_whatever_the_length() {
        for (int n = 0; n <= 9; n++) {
            float[] a = new float[n];
            float[] b = new float[n];
            float expected = 0;
            for (int i = 0; i < n; i++) {
                a[i] = i + 1;
                b[i] = n - i;
                expected += a[i] * b[i];
            }
            assertThat(Embeddings.dot(a, b)).as("length %d", n).isEqualTo(expected);
        }
    }

    @Test
    void hashing_is_deterministic_across_instances() {
        assertThat(Embeddings.hashing(64).embed("same text"))
                .containsExactly(Embeddings.hashing(64).embed("same text"));
    }
}

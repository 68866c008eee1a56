package dev.lucy.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lucy.core.spi.Embeddings;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbeddingsTest {
    /** Loaded once for the class: the model takes about a second to load. */
    private static Embeddings model;

    @BeforeAll
    static void load() {
        model = MiniLmEmbeddings.create();
    }

    @Test
    void a_question_is_closer_to_the_fact_that_answers_it_than_to_unrelated_facts() {
        List<float[]> v = model.embed(List.of(
                "where is our head office?",
                "HQ is in Berlin",
                "The launch date is May 2",
                "Jake prefers tea over coffee"));
        float answer = Embeddings.dot(v.get(0), v.get(1));
        assertThat(answer).isGreaterThan(Embeddings.dot(v.get(0), v.get(2)));
        assertThat(answer).isGreaterThan(Embeddings.dot(v.get(0), v.get(3)));
    }

    @Test
    void vectors_have_384_unit_length_components_and_blank_text_embeds_too() {
        for (float[] v : model.embed(List.of("Deploy the web app to staging", ""))) {
            assertThat(v).hasSize(MiniLmEmbeddings.DIMENSIONS);
            assertThat(Embeddings.dot(v, v)).isCloseTo(1f, within(1e-4f));
        }
        assertThat(model.dimensions()).isEqualTo(384);
    }

    @Test
    void the_same_text_gets_the_same_vector() {
        assertThat(model.embed("send the standup notes to #eng-leads"))
                .containsExactly(model.embed("send the standup notes to #eng-leads"));
    }
}

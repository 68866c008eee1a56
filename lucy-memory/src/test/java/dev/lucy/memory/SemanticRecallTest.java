package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.testkit.fake.ConceptEmbeddings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticRecallTest {
    private static final Caller ANA = new Caller("T1", "U_ANA", "C1:1000.1");
    private static final Caller BEN_ELSEWHERE = new Caller("T1", "U_BEN", "C2:2000.1");

    private final ConceptEmbeddings embeddings = ConceptEmbeddings.builder()
            .concept("hq", "head office", "headquarters")
            .concept("launch", "release", "ship date")
            .build();
    private final MemoryAdminStore store = MemoryStore.inMemory();
    private final SessionMemory words = SessionMemory.builder(store).build();
    private final SessionMemory hybrid = SessionMemory.builder(store)
            .semanticRecall(SemanticRecall.builder(embeddings, FactVectors.inMemory(store))
                    .build())
            .build();

    @Test
    void a_question_in_other_words_recalls_the_fact_that_answers_it() {
        hybrid.remember(ANA, "Our HQ is in Berlin");

        List<Fact> recalled = hybrid.recall(BEN_ELSEWHERE, "where is our head office?", 500);

        assertThat(recalled)
                .extracting(Fact::text)
                .anySatisfy(t -> assertThat(t).contains("Berlin"));
        // by words alone the same store finds nothing: no word is shared
        assertThat(words.recall(BEN_ELSEWHERE, "where is our head office?", 500))
                .isEmpty();
    }

    @Test
    void a_message_near_no_fact_recalls_nothing_by_meaning() {
        hybrid.remember(ANA, "Our HQ is in Berlin");

        assertThat(hybrid.recall(BEN_ELSEWHERE, "what's for lunch today?", 500)).isEmpty();
    }

    @Test
    void facts_found_both_by_words_and_by_meaning_come_first() {
        hybrid.remember(ANA, "Our HQ is in Berlin");
        hybrid.remember(ANA, "The Berlin team meets on Tuesdays");
        hybrid.remember(ANA, "Our launch date is May 2");

        List<Fact> recalled = hybrid.recall(BEN_ELSEWHERE, "which city is our headquarters in, Berlin?", 500);

        assertThat(recalled).isNotEmpty();
        assertThat(recalled.getFirst().text()).contains("HQ is in Berlin");
        assertThat(recalled)
                .extracting(Fact::text)
                .noneSatisfy(t -> assertThat(t).contains("launch"));
    }

    @Test
    void a_fact_that_no_longer_holds_is_not_recalled_by_meaning() {
        hybrid.remember(ANA, "Our HQ is in Berlin");
        hybrid.remember(ANA, "Our HQ is in Paris");

        List<Fact> recalled = hybrid.recall(BEN_ELSEWHERE, "where is the head office?", 500);

        assertThat(recalled)
                .extracting(Fact::text)
                .anySatisfy(t -> assertThat(t).contains("Paris"));
        assertThat(recalled)
                .extracting(Fact::text)
                .noneSatisfy(t -> assertThat(t).contains("Berlin"));
    }

    @Test
    void writing_a_fact_embeds_it_once_and_a_repeat_not_again() {
        int[] embedded = {0};
        var counting = new dev.lucy.core.spi.Embeddings() {
            @Override
            public int dimensions() {
                return embeddings.dimensions();
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                embedded[0] += texts.size();
                return embeddings.embed(texts);
            }
        };
        SessionMemory memory = SessionMemory.builder(store)
                .semanticRecall(SemanticRecall.builder(counting, FactVectors.inMemory(store))
                        .build())
                .build();

        memory.remember(ANA, "Our HQ is in Berlin");
        memory.remember(ANA, "Our HQ is in Berlin");

        assertThat(embedded[0]).isEqualTo(1);
    }

    @Test
    void rejects_a_similarity_floor_outside_minus_one_to_one() {
        assertThatThrownBy(() -> SemanticRecall.builder(embeddings, FactVectors.inMemory(store))
                        .minSimilarity(1.5)
                        .build())
                .hasMessageContaining("minSimilarity");
    }
}

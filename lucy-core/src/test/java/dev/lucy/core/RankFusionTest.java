package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.RankFusion.Fused;
import dev.lucy.core.RankFusion.Ranking;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {
    private final RankFusion fusion = RankFusion.defaults();

    @Test
    void an_item_both_rankings_place_well_beats_one_only_a_single_ranking_places_first() {
        List<Fused<String>> fused = fusion.fuse(
                new Ranking<>(List.of("keyword-only", "both", "x"), 1),
                new Ranking<>(List.of("vector-only", "both"), 1));
        assertThat(fused.getFirst().item()).isEqualTo("both");
        assertThat(fused).extracting(Fused::item).containsExactly("both", "keyword-only", "vector-only", "x");
    }

    @Test
    void weights_decide_between_rankings_that_disagree() {
        List<Fused<String>> fused =
                fusion.fuse(new Ranking<>(List.of("a", "b"), 1), new Ranking<>(List.of("b", "a"), 2));
        assertThat(fused).extracting(Fused::item).containsExactly("b", "a");
    }

    @Test
    void a_repeat_within_one_ranking_counts_once() {
        List<Fused<String>> fused = fusion.fuse(new Ranking<>(List.of("a", "a", "b"), 1));
        assertThat(fused.getFirst().score()).isEqualTo(1.0 / 61);
        assertThat(fused.get(1).score()).isEqualTo(1.0 / 62);
    }

    @Test
    void rejects_a_constant_below_one() {
        assertThatThrownBy(() -> new RankFusion(0)).hasMessageContaining("k must be at least 1");
    }
}

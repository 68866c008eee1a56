package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryQualityBenchTest {
    private final MemoryQualityBench bench = new MemoryQualityBench();

    @Test
    void the_evaluation_set_holds_what_it_promises() {
        assertThat(bench.sizes())
                .containsEntry("extraction", 154)
                .containsEntry("supersession", 41)
                .containsEntry("recall-questions", 60);
        List<JsonNode> messages = bench.load("extraction.jsonl");
        assertThat(messages.stream().filter(m -> m.get("expect").isEmpty()).count())
                .as("messages that should yield nothing")
                .isGreaterThanOrEqualTo(50);
        assertThat(messages).allSatisfy(m -> assertThat(m.has("model")).isTrue());
    }

    @Test
    void reports_extraction_supersession_and_recall_as_a_last_json_line() {
        BenchRun run = BenchRun.of("memory-quality");

        assertThat(run.jsonLine("memory-quality"))
                .contains(
                        "\"rulesF1\":",
                        "\"modelF1\":",
                        "\"supersessionModel\":",
                        "\"recallAt5\":{\"keyword\":",
                        "\"hybrid\":");
        assertThat(run.okLines()).anyMatch(l -> l.startsWith("targets: "));
    }

    @Test
    void the_model_pass_meets_its_targets_on_the_set_and_the_rules_alone_stay_precise() {
        MemoryQualityBench.Report r = bench.run(List.of("keyword", "hybrid"));

        assertThat(r.withModel().f1()).isGreaterThanOrEqualTo(MemoryQualityBench.F1_TARGET);
        assertThat(r.supersessionWithModel()).isGreaterThanOrEqualTo(MemoryQualityBench.SUPERSESSION_TARGET);
        assertThat(r.rules().precision()).isGreaterThanOrEqualTo(0.9);
        assertThat(r.heldOutRules().precision()).isGreaterThanOrEqualTo(0.9);
        // "where is our head office?" finds "Our HQ is in Berlin" only by meaning
        assertThat(r.recallAt5().get("hybrid")).isGreaterThan(r.recallAt5().get("keyword"));
    }

    @Test
    void an_unknown_recall_is_a_usage_error() {
        assertThat(BenchRun.of("memory-quality", "--recall", "psychic").usageError())
                .contains("--recall must be one of keyword, hybrid, not 'psychic'");
    }
}

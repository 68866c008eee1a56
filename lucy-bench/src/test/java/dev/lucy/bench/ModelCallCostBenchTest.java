package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelCallCostBenchTest {
    @Test
    void every_conversation_is_answered_and_the_cost_is_counted_per_model_call() throws InterruptedException {
        ModelCallCostBench.Result result = ModelCallCostBench.measure(6, 2, 3, false);

        assertThat(result.answered()).isEqualTo(6);
        assertThat(result.calls()).isEqualTo(18);
        assertThat(result.clientMsPerCall()).isPositive();
    }

    @Test
    void a_server_in_its_own_process_answers_and_its_cpu_is_measured_apart() {
        String json = BenchRun.of("model-call-cost", "--conversations", "4", "--warm-up", "0", "--concurrency", "2")
                .okLines()
                .getLast();
        assertThat(json)
                .startsWith("{\"bench\":\"model-call-cost\",\"server\":\"process\"")
                .contains("\"answered\":4", "\"calls\":12")
                .doesNotContain("\"server_cpu_ms_per_call\":0.0000");
    }

    @Test
    void an_unknown_server_placement_is_a_usage_error() {
        assertThat(BenchRun.of("model-call-cost", "--server", "elsewhere").usageError())
                .contains("in-process or process");
    }
}

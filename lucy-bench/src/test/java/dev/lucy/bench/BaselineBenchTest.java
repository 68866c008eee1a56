package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineBenchTest {
    @Test
    void a_short_comparison_answers_every_task_on_both_sides_and_ends_with_the_ratios() {
        BenchRun run = BenchRun.of(
                "baseline", "--conversations", "3", "--model-latency-ms", "20", "--rounds", "1", "--warm-up", "0");

        List<String> lines = run.okLines();
        assertThat(run.out()).contains("Lucy against LangChain4j").containsPattern("tasks correct +3 +3");
        assertThat(lines.getLast())
                .startsWith("{\"bench\":\"baseline\"")
                .contains(
                        "\"lucy_cpu_ms_per_turn\":",
                        "\"baseline_cpu_ms_per_turn\":",
                        "\"cpu_ratio\":",
                        "\"lucy_overhead_p95\":",
                        "\"baseline_overhead_p95\":",
                        "\"overhead_ratio\":",
                        "\"lucy_failed\":0.0000",
                        "\"baseline_failed\":0.0000");
    }

    @Test
    void a_fault_rate_above_one_is_a_usage_error() {
        assertThat(BenchRun.of("baseline", "--fault-rate", "1.5").usageError())
                .contains("--fault-rate takes a share between 0 and 1");
    }
}

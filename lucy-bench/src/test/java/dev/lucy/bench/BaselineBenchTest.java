package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void a_short_comparison_answers_every_task_on_both_sides_and_ends_with_the_ratios() {
        int code = BenchMain.run(
                List.of(
                        "baseline",
                        "--conversations",
                        "3",
                        "--model-latency-ms",
                        "20",
                        "--rounds",
                        "1",
                        "--warm-up",
                        "0"),
                print(out),
                print(err));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(BenchMain.OK);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Lucy against LangChain4j").containsPattern("tasks correct +3 +3");
        assertThat(text.lines().toList().getLast())
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
        assertThat(BenchMain.run(List.of("baseline", "--fault-rate", "1.5"), print(out), print(err)))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--fault-rate takes a share between 0 and 1");
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }
}

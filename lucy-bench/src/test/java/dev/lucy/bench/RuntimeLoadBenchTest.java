package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeLoadBenchTest {
    @Test
    void every_conversation_of_a_small_load_is_answered_exactly_once() throws InterruptedException {
        RuntimeLoadBench.LoadResult result = RuntimeLoadBench.load(
                new RuntimeLoadBench.Settings(20, Duration.ofMillis(50), Duration.ofMillis(5), 50, 0, 1, 1, 8, 2));

        assertThat(result.answered()).isEqualTo(20);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.greetingsLost()).isZero();
        assertThat(result.warmUp().rounds()).isEqualTo(2);
    }

    @Test
    void a_burst_beyond_the_queue_tells_every_rejected_person_and_answers_everyone_admitted()
            throws InterruptedException {
        RuntimeLoadBench.BurstResult result = RuntimeLoadBench.burst(
                new RuntimeLoadBench.Settings(1, Duration.ofMillis(20), Duration.ZERO, 1, 30, 2, 4, 0, 1));

        assertThat(result.rejected()).isPositive();
        assertThat(result.rejectedNotified()).isEqualTo(result.rejected());
        assertThat(result.answered()).isEqualTo(result.admitted());
        assertThat(result.admitted() + result.rejected()).isEqualTo(30);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
    }

    @Test
    void the_command_prints_a_table_and_ends_with_a_json_line() {
        List<String> lines = BenchRun.of(
                        "runtime-load",
                        "--conversations",
                        "5",
                        "--latency-ms",
                        "20",
                        "--greetings-per-second",
                        "20",
                        "--warm-up-rounds",
                        "auto")
                .okLines();

        assertThat(lines.get(0)).startsWith("Runtime load");
        assertThat(lines.getLast())
                .startsWith("{\"bench\":\"runtime-load\"")
                .contains(
                        "\"lost\":0",
                        "\"duplicated\":0",
                        "\"overhead_p95\":",
                        "\"greeting_p99_ms\":",
                        "\"heap_mb\":",
                        "\"warm_up_rounds\":",
                        "\"jit_ms\":",
                        "\"server\":\"process\"");
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchRun.of("runtime-load", "--tool-ms", "-3").usageError()).contains("--tool-ms");
    }

    @Test
    void warm_up_rounds_are_a_positive_number_or_auto() {
        assertThat(BenchRun.of("runtime-load", "--warm-up-rounds", "0").usageError())
                .contains("--warm-up-rounds");
        assertThat(BenchRun.of("runtime-load", "--warm-up-rounds", "often").usageError())
                .contains("--warm-up-rounds");
    }
}

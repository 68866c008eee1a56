package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.bench.AppLoadBench.ClassResult;
import dev.lucy.bench.AppLoadBench.Kind;
import dev.lucy.bench.AppLoadBench.Result;
import dev.lucy.bench.AppLoadBench.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppLoadBenchTest {
    @Test
    void every_person_of_a_small_load_through_the_whole_app_gets_the_expected_answer_once()
            throws InterruptedException {
        Result result = AppLoadBench.run(Settings.parse(List.of(
                "--conversations", "20",
                "--model-latency-ms", "10",
                "--tool-latency-ms", "2",
                "--mix", "1:1:1:2",
                "--redelivery-rate", "0.3",
                "--redelivery-delay-ms", "50",
                "--arrival-ms", "200",
                "--warmup", "4",
                "--deadline-s", "60",
                "--baseline", "off")));

        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.redelivered()).isPositive();
        for (Kind kind : Kind.values()) {
            ClassResult c = result.classes().get(kind);
            assertThat(c.count()).as(kind.label).isPositive();
            assertThat(c.correct()).as(kind.label + " answered as expected").isEqualTo(c.count());
        }
        assertThat(result.unexpectedReplies()).isZero();
        assertThat(result.agentTurns()).isGreaterThanOrEqualTo(4 * 3 + 4);
        assertThat(result.warmUp().rounds())
                .as("rounds until the JIT compiler settles, each in channels of its own")
                .isBetween(1, Settings.MAX_WARM_UP_ROUNDS);
    }

    @Test
    void with_injected_model_faults_every_person_gets_the_answer_or_is_told_it_failed() throws InterruptedException {
        Result result = AppLoadBench.run(Settings.parse(List.of(
                "--conversations", "16",
                "--model-latency-ms", "10",
                "--mix", "0:0:1:3",
                "--fault-rate", "0.3",
                "--seed", "7",
                "--model-timeout-ms", "500",
                "--arrival-ms", "100",
                "--warmup", "2",
                "--warmup-rounds", "1",
                "--deadline-s", "60",
                "--baseline", "off")));

        assertThat(result.faults().values().stream().mapToInt(Integer::intValue).sum())
                .isPositive();
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.correct() + result.toldFailure()).isEqualTo(16);
    }

    @Test
    void the_command_prints_a_table_and_ends_with_a_json_line() {
        BenchRun run = BenchRun.of(
                "load",
                "--conversations",
                "4",
                "--model-latency-ms",
                "5",
                "--warmup",
                "0",
                "--warmup-rounds",
                "2",
                "--arrival-ms",
                "0");

        assertThat(run.firstLine()).startsWith("Full app under load");
        assertThat(run.jsonLine("load"))
                .contains(
                        "\"lost\":0",
                        "\"duplicated\":0",
                        "\"overhead_p95\":",
                        "\"greeting_first_sign_p99_ms\":",
                        "\"cpu_ms_per_turn\":",
                        "\"heap_peak_mb\":",
                        "\"warmup_rounds\":0,",
                        "\"jit_ms\":",
                        "\"cpu_ms_per_turn_without_jit\":",
                        "\"net_cpu_per_turn_ratio_without_jit\":",
                        "\"baseline_warmup_rounds\":2,",
                        "\"answered_correctly_pct\":100.00",
                        "\"cpu_per_turn_ratio\":",
                        "\"overhead_p95_ratio\":");
    }

    @Test
    void a_bad_mix_is_a_usage_error() {
        assertThat(BenchRun.of("load", "--mix", "1:2").usageError()).contains("--mix");
    }
}

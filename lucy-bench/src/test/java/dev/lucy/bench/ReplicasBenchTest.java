package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicasBenchTest {
    @Test
    void two_replicas_with_one_killed_lose_duplicate_and_overlap_nothing() {
        BenchRun run = BenchRun.of(
                "replicas",
                "--replicas",
                "2",
                "--conversations",
                "10",
                "--rate",
                "5",
                "--task-every",
                "5",
                "--task-latency-ms",
                "2000",
                "--model-latency-ms",
                "100",
                "--redelivery",
                "0.3",
                "--deadline-s",
                "50");
        String json = run.jsonLine("replicas");

        assertThat(json)
                .as("the threads counted wrong and what the bots logged:%n%s", run.err())
                .contains(
                        "\"replicas\":2",
                        "\"conversations\":10",
                        "\"lost\":0",
                        "\"duplicated\":0",
                        "\"overlapping_runs\":0",
                        "\"tasks_run_twice\":0",
                        "\"budget_exceeded\":0",
                        "\"kill\":true",
                        "\"out_of_order\":",
                        "\"followups_answered_after_restart\":",
                        "\"tasks_taken_over\":",
                        "\"p95_ms\":");
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchRun.of("replicas", "--kill", "maybe").usageError()).contains("--kill");
    }
}

package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCallCostBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void every_conversation_is_answered_and_the_cost_is_counted_per_model_call() throws InterruptedException {
        ModelCallCostBench.Result result = ModelCallCostBench.measure(6, 2, 3, false);

        assertThat(result.answered()).isEqualTo(6);
        assertThat(result.calls()).isEqualTo(18);
        assertThat(result.clientMsPerCall()).isPositive();
    }

    @Test
    void a_server_in_its_own_process_answers_and_its_cpu_is_measured_apart() {
        int code = BenchMain.run(
                List.of("model-call-cost", "--conversations", "4", "--warm-up", "0", "--concurrency", "2"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(BenchMain.OK);
        String json = out.toString(StandardCharsets.UTF_8).lines().toList().getLast();
        assertThat(json)
                .startsWith("{\"bench\":\"model-call-cost\",\"server\":\"process\"")
                .contains("\"answered\":4", "\"calls\":12")
                .doesNotContain("\"server_cpu_ms_per_call\":0.0000");
    }

    @Test
    void an_unknown_server_placement_is_a_usage_error() {
        int code = BenchMain.run(
                List.of("model-call-cost", "--server", "elsewhere"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in-process or process");
    }
}

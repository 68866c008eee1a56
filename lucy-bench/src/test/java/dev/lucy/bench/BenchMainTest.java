package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchMainTest {

    @Test
    void lists_the_benchmarks_when_asked_for_help() {
        BenchRun run = BenchRun.of("help");

        assertThat(run.okLines()).isNotEmpty();
        assertThat(run.out()).contains("Usage: ./lucy bench").contains("jmh");
    }

    @Test
    void names_an_unknown_benchmark_and_exits_with_usage_code() {
        assertThat(BenchRun.of("nope").usageError()).contains("unknown benchmark 'nope'");
    }

    @Test
    void model_server_bench_completes_every_request_and_ends_with_a_json_line() {
        BenchRun run = BenchRun.of("model-server", "--concurrency", "40", "--delay-ms", "50", "--mode", "mixed");

        assertThat(run.jsonLine("model-server")).contains("\"completed\":40", "\"errors\":0", "\"peak_open\":");
    }

    @Test
    void model_server_bench_refuses_a_bad_option_with_usage_code() {
        assertThat(BenchRun.of("model-server", "--concurrency", "lots").usageError())
                .contains("--concurrency must be a positive number, not 'lots'");
    }
}

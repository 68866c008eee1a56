package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void lists_the_benchmarks_when_asked_for_help() {
        int code = BenchMain.run(List.of("help"), print(out), print(err));
        assertThat(code).isEqualTo(BenchMain.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: ./lucy bench")
                .contains("jmh");
    }

    @Test
    void names_an_unknown_benchmark_and_exits_with_usage_code() {
        int code = BenchMain.run(List.of("nope"), print(out), print(err));
        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown benchmark 'nope'");
    }

    @Test
    void model_server_bench_completes_every_request_and_ends_with_a_json_line() {
        int code = BenchMain.run(
                List.of("model-server", "--concurrency", "40", "--delay-ms", "50", "--mode", "mixed"),
                print(out),
                print(err));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(BenchMain.OK);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(lines.size() - 1))
                .startsWith("{\"bench\":\"model-server\"")
                .contains("\"completed\":40", "\"errors\":0", "\"peak_open\":");
    }

    @Test
    void model_server_bench_refuses_a_bad_option_with_usage_code() {
        int code = BenchMain.run(List.of("model-server", "--concurrency", "lots"), print(out), print(err));

        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--concurrency needs a positive whole number");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

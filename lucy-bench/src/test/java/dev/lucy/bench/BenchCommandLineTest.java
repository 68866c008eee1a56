package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.Subcommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code ./lucy bench} and every benchmark read their command lines: help, defaults, usage errors. */
class BenchCommandLineTest {

    @Test
    void lucy_finds_the_benchmarks_on_the_class_path() {
        assertThat(Subcommand.installed("bench")).get().isInstanceOf(BenchCommand.class);
    }

    @Test
    void help_on_bench_and_on_every_benchmark_prints_its_usage_and_exits_zero_without_running_it() {
        assertThat(BenchRun.of("--help").out()).startsWith("Usage: ./lucy bench");
        for (BenchMain.Bench bench : BenchMain.benches()) {
            // jmh leaves -h to JMH, whose help it is
            for (String help : bench.name().equals("jmh") ? List.of("--help") : List.of("--help", "-h")) {
                BenchRun run = BenchRun.of(bench.name(), help);

                assertThat(run.code())
                        .as("exit code of ./lucy bench %s %s", bench.name(), help)
                        .isZero();
                assertThat(run.out())
                        .as("./lucy bench %s %s", bench.name(), help)
                        .startsWith("Usage: ./lucy bench " + bench.name())
                        .doesNotContain("{\"bench\":");
                assertThat(run.err())
                        .as("./lucy bench %s %s", bench.name(), help)
                        .isEmpty();
            }
        }
    }

    @Test
    void the_list_of_benchmarks_gives_each_a_summary() {
        String list = BenchRun.of("help").out();

        for (BenchMain.Bench bench : BenchMain.benches()) {
            assertThat(list).containsPattern("(?m)^  " + bench.name() + " +\\S");
        }
    }

    @Test
    void a_benchmark_documents_its_options_with_their_defaults() {
        String help = BenchRun.of("fast-path", "--help").out();

        assertThat(help)
                .contains("--rate=N", "Messages submitted per second", "Default: 1000")
                .contains("--seconds=S", "Default: 10");
        assertThat(BenchRun.of("load", "--help").out())
                .contains("--conversations=N", "Default: 1000", "--mix=WEIGHTS", "Default: 1:1:1:7");
    }

    @Test
    void a_mistyped_option_is_a_usage_error_in_one_line_that_suggests_the_closest() {
        String error = BenchRun.of("memory-writes", "--writs", "10").usageError();

        assertThat(error.lines())
                .singleElement()
                .asString()
                .startsWith("lucy bench memory-writes: unknown option '--writs'; did you mean --writes?")
                .contains("./lucy bench memory-writes --help");
    }

    @Test
    void a_mistyped_benchmark_is_a_usage_error_that_suggests_the_closest() {
        assertThat(BenchRun.of("fastpath").usageError())
                .startsWith("lucy bench: unknown benchmark 'fastpath'; did you mean fast-path?");
    }

    @Test
    void bench_alone_lists_the_benchmarks_as_a_usage_error() {
        assertThat(BenchRun.of().usageError()).startsWith("Usage: ./lucy bench").contains("fast-path", "replicas");
    }
}

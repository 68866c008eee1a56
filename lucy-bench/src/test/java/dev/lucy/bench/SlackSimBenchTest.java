package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackSimBenchTest {

    @Test
    void a_small_run_reports_a_table_and_ends_with_one_json_line_without_errors() {
        BenchRun run =
                BenchRun.of("slack-sim", "--calls", "20", "--concurrency", "4", "--events", "20", "--sockets", "2");

        assertThat(run.firstLine()).contains("measure");
        assertThat(run.jsonLine("slack-sim")).contains("\"callErrors\":0", "\"events\":20", "\"redeliveries\":0");
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchRun.of("slack-sim", "--calls", "many").usageError())
                .contains("--calls must be a positive number, not 'many'");
    }
}

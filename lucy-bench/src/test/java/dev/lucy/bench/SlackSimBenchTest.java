package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlackSimBenchTest {

    @Test
    void a_small_run_reports_a_table_and_ends_with_one_json_line_without_errors() {
        List<String> lines = BenchRun.of(
                        "slack-sim", "--calls", "20", "--concurrency", "4", "--events", "20", "--sockets", "2")
                .okLines();

        assertThat(lines.get(0)).contains("measure");
        assertThat(lines.getLast())
                .startsWith("{\"bench\":\"slack-sim\"")
                .contains("\"callErrors\":0")
                .contains("\"events\":20")
                .contains("\"redeliveries\":0");
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchRun.of("slack-sim", "--calls", "many").usageError())
                .contains("--calls needs a positive number");
    }
}

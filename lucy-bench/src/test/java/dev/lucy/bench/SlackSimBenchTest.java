package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackSimBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void a_small_run_reports_a_table_and_ends_with_one_json_line_without_errors() {
        int code = BenchMain.run(
                List.of("slack-sim", "--calls", "20", "--concurrency", "4", "--events", "20", "--sockets", "2"),
                print(out),
                print(err));

        assertThat(code).isEqualTo(BenchMain.OK);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains("measure");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("{\"bench\":\"slack-sim\"")
                .contains("\"callErrors\":0")
                .contains("\"events\":20")
                .contains("\"redeliveries\":0");
    }

    @Test
    void a_bad_option_is_a_usage_error() {
        assertThat(BenchMain.run(List.of("slack-sim", "--calls", "many"), print(out), print(err)))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--calls needs a positive number");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void memory_writes_reports_no_lost_or_duplicated_facts_as_a_last_json_line() {
        int code = BenchMain.run(
                List.of("memory-writes", "--writes", "300", "--threads", "30", "--db", "sqlite"),
                print(out),
                print(err));

        assertThat(code).isEqualTo(BenchMain.OK);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(lines.size() - 1))
                .startsWith("{\"bench\":\"memory-writes\"")
                .contains("\"writes\":300", "\"lost\":0", "\"duplicated\":0", "\"failed\":0");
    }

    @Test
    void memory_recall_reports_percentiles_and_reuses_a_filled_database() {
        List<String> args = List.of("memory-recall", "--facts", "300", "--queries", "50", "--data", dir.toString());

        assertThat(BenchMain.run(args, print(out), print(err))).isEqualTo(BenchMain.OK);
        assertThat(BenchMain.run(args, print(out), print(err))).isEqualTo(BenchMain.OK);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(lines.size() - 1))
                .startsWith("{\"bench\":\"memory-recall\"")
                .contains("\"facts\":300");
        assertThat(lines).anyMatch(l -> l.matches("300\\s+50\\s+0\\s+.*")); // second run: no fill
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertThat(BenchMain.run(List.of("memory-writes", "--fast", "1"), print(out), print(err)))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--fast'");
        assertThat(BenchMain.run(List.of("memory-recall", "--facts", "lots"), print(out), print(err)))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--facts must be a positive number, not 'lots'");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

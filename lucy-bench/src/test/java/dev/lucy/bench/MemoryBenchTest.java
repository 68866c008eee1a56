package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBenchTest {
    @TempDir
    Path dir;

    @Test
    void memory_writes_reports_no_lost_or_duplicated_facts_as_a_last_json_line() {
        BenchRun run = BenchRun.of("memory-writes", "--writes", "300", "--threads", "30", "--db", "sqlite");

        assertThat(run.jsonLine("memory-writes"))
                .contains("\"writes\":300", "\"lost\":0", "\"duplicated\":0", "\"failed\":0");
    }

    @Test
    void memory_recall_reports_percentiles_and_reuses_a_filled_database() {
        String[] args = {"memory-recall", "--facts", "300", "--queries", "50", "--data", dir.toString()};

        BenchRun.of(args).okLines();
        BenchRun second = BenchRun.of(args);

        assertThat(second.jsonLine("memory-recall")).contains("\"facts\":300");
        assertThat(second.okLines()).anyMatch(l -> l.matches("300\\s+50\\s+0\\s+.*")); // second run: no fill
    }

    @Test
    void memory_recall_measures_hybrid_recall_with_stored_vectors() {
        BenchRun run = BenchRun.of(
                "memory-recall", "--facts", "300", "--queries", "50", "--data", dir.toString(), "--semantic");

        assertThat(run.jsonLine("memory-recall")).contains("\"facts\":300", "\"semantic\":true");
        assertThat(run.okLines()).anyMatch(l -> l.startsWith("hybrid recall"));
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertThat(BenchRun.of("memory-writes", "--fast", "1").usageError()).contains("unknown option '--fast'");
        assertThat(BenchRun.of("memory-recall", "--facts", "lots").usageError())
                .contains("--facts must be a positive number, not 'lots'");
    }
}

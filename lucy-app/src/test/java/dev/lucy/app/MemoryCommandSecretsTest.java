package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.SqliteMemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./lucy memory} and credentials: never extracted, never printed; and no stack trace for an empty value. */
class MemoryCommandSecretsTest {
    private static final String KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c";

    @TempDir
    Path dataDir;

    private LucyCommandLine.Result lucy(String... args) {
        return LucyCommandLine.run(Map.of(MemoryCommand.DATA_DIR, dataDir.toString()), args);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "list --workspace ''|--workspace needs a value",
                "export --workspace ''|--workspace needs a value",
                "forget --workspace ''  --all|--workspace needs a value",
                "forget --workspace T1 --fact ''|--fact needs a value",
                "forget --workspace T1 --user ' '|--user needs a value",
                "list --workspace T1 --user ''|--user needs a value",
                "list --workspace T1 --tier ''|--tier needs a value",
                "list --workspace T1 --limit ''|--limit needs a value"
            })
    void an_empty_value_is_a_usage_error_not_a_stack_trace(String command, String problem) {
        LucyCommandLine.Result result = lucy(args(command));

        assertThat(result.exitCode()).isEqualTo(Main.USAGE);
        String subcommand = command.strip().split(" ")[0];
        assertThat(result.err().lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("lucy memory " + subcommand + ": " + problem));
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void extract_says_a_key_would_not_be_stored_without_printing_it() {
        LucyCommandLine.Result result = lucy("memory", "extract", "remember my api key is " + KEY + " for the deploy");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("\"stored\":false", "\"reason\":\"secret\"")
                .doesNotContain(KEY);
    }

    @Test
    void list_and_export_mask_a_key_stored_before() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            SqliteMemoryStore.open(db)
                    .write(Fact.create(
                            "f1",
                            "T1",
                            Optional.empty(),
                            "note: deploy api key",
                            "The deploy api key is " + KEY + ".",
                            Category.GENERAL,
                            Target.TEAM,
                            new Source("U1", "C1", Instant.parse("2026-03-02T10:00:00Z"))));
        }

        LucyCommandLine.Result list = lucy("memory", "list", "--workspace", "T1");
        LucyCommandLine.Result export = lucy("memory", "export", "--workspace", "T1");

        assertThat(list.out())
                .contains("The deploy api key is [redacted API key].")
                .doesNotContain(KEY);
        assertThat(export.out()).contains("redacted API key").doesNotContain(KEY);
    }

    /** The words of {@code command}, {@code ''} standing for an empty argument and {@code ' '} for a blank one. */
    private static String[] args(String command) {
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add("memory");
        for (String w : command.trim().split("\\s+(?=(?:[^']*'[^']*')*[^']*$)")) {
            words.add(w.startsWith("'") ? w.substring(1, w.length() - 1) : w);
        }
        return words.toArray(String[]::new);
    }
}

package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key or password a person pastes into a message never reaches the database: not the inbox row that keeps the
 * message until it is answered, not the background task started from it (its request, its progress notes), not
 * SQLite's file or its write-ahead log.
 */
class TypedCredentialsTest {
    private static final String KEY = "4f9a8b7c6d5e4f3a2b1c0d9e";
    private static final String PASSWORD = "Hunter2!x";
    private static final String MESSAGE =
            "deploy with sk-live-" + KEY + " and the db at postgres://app:" + PASSWORD + "@db.internal/app";
    private static final Caller CALLER = new Caller("T1", "U1", "C1:1.0");
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @RegisterExtension
    final OpenDatabases sqlite = OpenDatabases.sqlite();

    @RegisterExtension
    final OpenDatabases postgres = OpenDatabases.postgres();

    @Test
    void sqlite_files_never_hold_what_a_person_pasted() throws IOException {
        Database database = sqlite.fresh();
        keep(database);
        Path file = database.config().sqliteFile().orElseThrow();
        Path log = SqliteFiles.wal(file);

        assertThat(SqliteFiles.bytes(file) + SqliteFiles.bytes(log))
                .as("the file and its write-ahead log while Lucy runs")
                .contains("deploy with sk-")
                .doesNotContain(KEY, PASSWORD);
        sqlite.closeAll(); // the last connection out checkpoints the log into the file
        assertThat(SqliteFiles.bytes(file) + SqliteFiles.bytes(log)).doesNotContain(KEY, PASSWORD);
    }

    @Test
    void postgresql_rows_hold_the_message_masked() {
        Database database = postgres.fresh();
        keep(database);

        assertThat(texts(database, "SELECT text FROM runtime_inbox"))
                .singleElement()
                .asString()
                .contains("deploy with sk-[redacted API key]", "@db.internal/app")
                .doesNotContain(KEY, PASSWORD);
        assertThat(texts(database, "SELECT request || progress FROM runtime_tasks"))
                .singleElement()
                .asString()
                .contains("tried deploy with sk-")
                .doesNotContain(KEY, PASSWORD);
    }

    /** The message received into the inbox, and a background task started from it. */
    private static void keep(Database database) {
        ManualClock clock = ManualClock.startingAt(T0);
        JdbcInbox.open(database, "lucy-1", Duration.ofHours(1), clock)
                .receive(new InboundEvent("Ev1", CALLER, "1.1", MESSAGE, T0));
        JdbcTaskStore.open(database, "lucy-1")
                .save(Task.create("task-1", CALLER, MESSAGE, T0).withProgress("tried " + MESSAGE, T0));
    }

    private static List<String> texts(Database database, String sql) {
        return database.read(c -> {
            List<String> texts = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    texts.add(rows.getString(1));
                }
            }
            return texts;
        });
    }
}

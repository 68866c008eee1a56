package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process killed with SIGKILL in the middle of a burst loses nothing it acknowledged. */
class SqliteKillTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;

    @Test
    void every_write_acknowledged_before_a_sigkill_survives_and_the_database_opens_cleanly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FactWriterMain.class.getName(),
                        dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                    if (acknowledged.size() == ACKS_BEFORE_KILL) {
                        // SIGKILL: no shutdown hooks, no cleanup; sent with kill(1) because Process.destroy closes
                        // the pipe we still read the last acknowledgements from
                        new ProcessBuilder("kill", "-KILL", Long.toString(writer.pid()))
                                .start()
                                .waitFor();
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            String integrity = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(integrity).isEqualTo("ok");
            List<Fact> stored =
                    SqliteMemoryStore.open(db).list(FactQuery.workspace("T1").limit(1_000_000));
            Set<String> ids = stored.stream().map(Fact::id).collect(Collectors.toSet());
            assertThat(ids).containsAll(acknowledged);
            assertThat(stored).hasSize(ids.size());
        }
    }
}

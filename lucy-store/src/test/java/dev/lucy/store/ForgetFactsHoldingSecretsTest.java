package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.spi.MemoryAdminStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory's version 2 on a database an earlier Lucy filled: facts holding a credential are gone (history included),
 * the rest is untouched, and full-text recall no longer finds the credential's words.
 */
class ForgetFactsHoldingSecretsTest {
    private static final String KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c";
    private static final String KEY_WORD = "4f9a8b7c6d5e4f3a2b1c";

    @RegisterExtension
    final OpenDatabases sqlite = OpenDatabases.sqlite();

    @RegisterExtension
    final OpenDatabases postgres = OpenDatabases.postgres();

    @Test
    void forgets_facts_holding_secrets_on_sqlite() throws SQLException, IOException {
        Database database = sqlite.fresh();
        fillAsBefore(database);

        MemoryAdminStore store = SqliteMemoryStore.open(database);

        assertForgotten(store, database);
        assertThat(count(
                        database,
                        "SELECT count(*) FROM memory_facts_fts WHERE memory_facts_fts MATCH '\"" + KEY_WORD + "\"'"))
                .isZero();
        database.read(c -> {
            // the index agrees with the table it indexes
            execute(c, "INSERT INTO memory_facts_fts (memory_facts_fts, rank) VALUES ('integrity-check', 1)");
            return null;
        });
        Path file = database.config().sqliteFile().orElseThrow();
        sqlite.closeAll(); // the last connection out checkpoints the write-ahead log into the file
        assertThat(SqliteFiles.bytes(file))
                .as("the database file no longer holds the credentials anywhere, free pages included")
                .doesNotContain(KEY_WORD, "Pa55word", "Hunter2")
                .contains("$800K");
        // no log left is as good as one without them
        assertThat(SqliteFiles.bytes(SqliteFiles.wal(file))).doesNotContain(KEY_WORD, "Pa55word", "Hunter2");
    }

    @Test
    void forgets_facts_holding_secrets_on_postgresql() throws SQLException {
        Database database = postgres.fresh();
        fillAsBefore(database);

        MemoryAdminStore store = PostgresMemoryStore.open(database);

        assertForgotten(store, database);
    }

    @Test
    void runs_once_and_leaves_a_clean_database_as_it_was() throws SQLException {
        Database database = sqlite.fresh();
        MemoryAdminStore store = SqliteMemoryStore.open(database);
        store.write(fact("kept", "q1 target", "Our Q1 target is $800K."));

        MemoryAdminStore reopened = SqliteMemoryStore.open(sqlite.again());

        assertThat(reopened.list(FactQuery.workspace("T1")))
                .extracting(Fact::id)
                .containsExactly("kept");
        assertThat(count(database, "SELECT count(*) FROM lucy_memory_schema_history WHERE version = '2'"))
                .isOne();
    }

    private void assertForgotten(MemoryAdminStore store, Database database) {
        List<Fact> left = store.list(FactQuery.workspace("T1").withHistory().limit(100));
        assertThat(left).extracting(Fact::id).containsExactlyInAnyOrder("target", "vault");
        Fact vault =
                left.stream().filter(f -> f.id().equals("vault")).findFirst().orElseThrow();
        assertThat(vault.supersededBy())
                .as("no longer points at the forgotten fact")
                .isEmpty();
        assertThat(vault.active()).as("it stays history, as a delete leaves it").isFalse();
        assertThat(store.search("T1", "U_BEN", Set.of(KEY_WORD), 10)).isEmpty();
        assertThat(store.search("T1", "U_BEN", Set.of("target"), 10))
                .extracting(Fact::id)
                .containsExactly("target");
        assertThat(count(
                        database,
                        "SELECT count(*) FROM memory_facts WHERE text LIKE '%" + KEY_WORD + "%'"
                                + " OR subject LIKE '%Pa55word%' OR dedup_key LIKE '%" + KEY_WORD + "%'"))
                .isZero();
    }

    /** Memory's version 1 schema and the facts an earlier Lucy stored, secrets among them. */
    private static void fillAsBefore(Database database) {
        Flyway.configure(ForgetFactsHoldingSecretsTest.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations("classpath:db/lucy-memory/" + database.dialect().folder())
                .table("lucy_memory_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target("1")
                .load()
                .migrate();
        List<Object[]> rows = new ArrayList<>();
        rows.add(row("target", "q1 target", "Our Q1 target is $800K.", null, null));
        rows.add(row("vault", "note: api key", "The api key is in the team vault.", 2_000L, "key"));
        rows.add(row("key", "note: api key", "My api key is " + KEY + " for the deploy.", null, null));
        rows.add(row("old-password", "note: db", "The db password is Hunter2!", 1_000L, "db"));
        rows.add(row("db", "tool: postgres://app:Pa55word@db/lucy", "We use it for the app.", null, null));
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO memory_facts (id, workspace_id,"
                    + " scope_user, tier, subject, text, dedup_key, category, target, source_user,"
                    + " source_conversation, source_at, valid_from, valid_to, superseded_by, occurrences,"
                    + " last_seen_at) VALUES (?, 'T1', '', 'SESSION', ?, ?, ?, 'GENERAL', 'TEAM', 'U_ANA', 'C1:1.1',"
                    + " 0, 0, ?, ?, 1, 0)")) {
                for (Object[] r : rows) {
                    insert.setString(1, (String) r[0]);
                    insert.setString(2, (String) r[1]);
                    insert.setString(3, (String) r[2]);
                    insert.setString(4, ((String) r[2]).toLowerCase(java.util.Locale.ROOT));
                    insert.setObject(5, r[3], java.sql.Types.BIGINT);
                    insert.setString(6, (String) r[4]);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static Object[] row(String id, String subject, String text, Long validTo, String supersededBy) {
        return new Object[] {id, subject, text, validTo, supersededBy};
    }

    private static Fact fact(String id, String subject, String text) {
        return Fact.create(
                id,
                "T1",
                java.util.Optional.empty(),
                subject,
                text,
                dev.lucy.memory.Category.FACT,
                dev.lucy.memory.Target.COMPANY,
                new dev.lucy.memory.Source("U_ANA", "C1:1.1", java.time.Instant.EPOCH));
    }

    private static long count(Database database, String sql) {
        return database.<Long>read(c -> count(c, sql));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.lucy.store;

import dev.lucy.core.Secrets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Memory's version 2: forgets every fact whose subject or text holds a credential ({@link Secrets}), stored before
 * Lucy refused to remember them, on SQLite and PostgreSQL alike.
 *
 * <p>Such facts are deleted, not redacted: each was stored because someone asked Lucy to remember the credential,
 * so without it the fact says nothing useful ("the deploy api key is [redacted]") and would still be recalled into
 * prompts; deleting also takes the credential out of the fact's dedup key and the full-text index, which a
 * rewrite of the text would have to keep in step by hand. A fact they had superseded stays as history, no longer
 * pointing at them, as {@link JdbcMemoryStore#delete} leaves it.
 *
 * <p>On SQLite the deleted rows' pages are overwritten ({@code secure_delete} while it runs) and the full-text
 * index is merged, so the words are gone from the file too. On PostgreSQL they stay in dead row versions until
 * {@code VACUUM} reclaims them (see docs/memory.md).
 */
final class ForgetFactsHoldingSecrets implements JavaMigration {
    private static final Secrets SECRETS = Secrets.defaults();
    private final Dialect dialect;

    ForgetFactsHoldingSecrets(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "forget facts holding secrets";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        List<Row> holding = factsHoldingSecrets(c);
        if (holding.isEmpty()) {
            return;
        }
        boolean sqlite = dialect == Dialect.SQLITE;
        boolean secureDelete = sqlite && pragma(c, "secure_delete");
        if (sqlite && !secureDelete) {
            execute(c, "PRAGMA secure_delete = ON");
        }
        try (PreparedStatement unlink = c.prepareStatement(
                        "UPDATE memory_facts SET superseded_by = NULL WHERE workspace_id = ? AND superseded_by = ?");
                PreparedStatement delete = c.prepareStatement("DELETE FROM memory_facts WHERE seq = ?")) {
            for (Row row : holding) {
                unlink.setString(1, row.workspaceId());
                unlink.setString(2, row.id());
                unlink.executeUpdate();
                delete.setLong(1, row.seq());
                delete.executeUpdate();
            }
        }
        if (sqlite) {
            // the delete trigger only marks the words deleted; merging the index drops them
            execute(c, "INSERT INTO memory_facts_fts (memory_facts_fts) VALUES ('optimize')");
            if (!secureDelete) {
                execute(c, "PRAGMA secure_delete = OFF");
            }
        }
    }

    private record Row(long seq, String id, String workspaceId) {}

    private static List<Row> factsHoldingSecrets(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select =
                c.prepareStatement("SELECT seq, id, workspace_id, subject, text FROM memory_facts ORDER BY seq")) {
            select.setFetchSize(500); // PostgreSQL streams the table instead of loading it whole
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (SECRETS.contains(rs.getString("subject")) || SECRETS.contains(rs.getString("text"))) {
                        rows.add(new Row(rs.getLong("seq"), rs.getString("id"), rs.getString("workspace_id")));
                    }
                }
            }
        }
        return rows;
    }

    private static boolean pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.lucy.memory;

import dev.lucy.store.Database;
import dev.lucy.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The default {@link dev.lucy.memory.spi.MemoryStore}: one SQLite file (WAL), recall through an FTS5 index.
 * Thread safe; several processes on one machine may share the file.
 */
public final class SqliteMemoryStore extends JdbcMemoryStore {

    private SqliteMemoryStore(Database database) {
        super(database);
    }

    /** Opens the store on a SQLite database, migrating its tables to the current version. */
    public static SqliteMemoryStore open(Database database) {
        if (database.dialect() != Dialect.SQLITE) {
            throw new IllegalArgumentException("database: SqliteMemoryStore needs SQLite, got " + database.dialect());
        }
        return new SqliteMemoryStore(database);
    }

    @Override
    List<Fact> searchActive(Connection c, String workspaceId, String userId, List<String> terms, int limit)
            throws SQLException {
        String match = terms.stream().map(t -> "\"" + t + "\"*").collect(Collectors.joining(" OR "));
        return query(
                c,
                "SELECT " + prefixed() + " FROM memory_facts_fts s JOIN memory_facts f ON f.seq = s.rowid"
                        + " WHERE memory_facts_fts MATCH ? AND f.workspace_id = ? AND f.valid_to IS NULL"
                        + " AND (f.scope_user = '' OR f.scope_user = ?) ORDER BY s.rank LIMIT ?",
                match,
                workspaceId,
                userId,
                limit);
    }

    private static String prefixed() {
        return "f." + COLUMNS.replace(", ", ", f.");
    }
}

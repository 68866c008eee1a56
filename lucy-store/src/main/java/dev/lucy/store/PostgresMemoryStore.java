package dev.lucy.store;

import dev.lucy.memory.Fact;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link dev.lucy.memory.spi.MemoryAdminStore} on PostgreSQL, for several replicas sharing one database; recall
 * through a GIN full-text index. Thread safe.
 */
public final class PostgresMemoryStore extends JdbcMemoryStore {

    private PostgresMemoryStore(Database database) {
        super(database);
    }

    /** Opens the store on a PostgreSQL database, migrating its tables to the current version. */
    public static PostgresMemoryStore open(Database database) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException(
                    "database: PostgresMemoryStore needs PostgreSQL, got " + database.dialect());
        }
        return new PostgresMemoryStore(database);
    }

    @Override
    List<Fact> searchActive(Connection c, String workspaceId, String userId, List<String> terms, int limit)
            throws SQLException {
        String tsquery = terms.stream().map(t -> t + ":*").collect(Collectors.joining(" | "));
        return query(
                c,
                "SELECT " + COLUMNS + " FROM memory_facts WHERE workspace_id = ? AND valid_to IS NULL"
                        + " AND (scope_user = '' OR scope_user = ?)"
                        + " AND to_tsvector('simple', subject || ' ' || text) @@ to_tsquery('simple', ?)"
                        + " ORDER BY ts_rank(to_tsvector('simple', subject || ' ' || text),"
                        + " to_tsquery('simple', ?)) DESC, last_seen_at DESC LIMIT ?",
                workspaceId,
                userId,
                tsquery,
                tsquery,
                limit);
    }
}

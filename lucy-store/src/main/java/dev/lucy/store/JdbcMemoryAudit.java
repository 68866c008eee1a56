package dev.lucy.store;

import dev.lucy.memory.MemoryAuditEntry;
import dev.lucy.memory.Tier;
import dev.lucy.memory.spi.MemoryAudit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link MemoryAudit} in SQLite or PostgreSQL ({@code memory_audit}): the changes people made to what Lucy remembers
 * survive a restart and are the same on every replica. Thread safe, blocking.
 */
public final class JdbcMemoryAudit implements MemoryAudit {
    private final Database database;

    private JdbcMemoryAudit(Database database) {
        this.database = database;
    }

    /** Opens the audit on {@code database}, bringing its tables up to date. The caller keeps closing the database. */
    public static JdbcMemoryAudit open(Database database) {
        return Objects.requireNonNull(database, "database").open(JdbcDedupStore.COMPONENT, JdbcMemoryAudit::new);
    }

    @Override
    public void record(MemoryAuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO memory_audit (id, at,"
                    + " workspace_id, who, action, fact_id, fact_tier, fact_subject, origin)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.id());
                insert.setLong(2, entry.at().toEpochMilli());
                insert.setString(3, entry.workspaceId());
                insert.setString(4, entry.who());
                insert.setString(5, entry.action());
                insert.setString(6, entry.factId());
                insert.setString(7, entry.tier().name());
                insert.setString(8, entry.subject());
                insert.setString(9, entry.origin());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<MemoryAuditEntry> recent(String workspaceId, int limit) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (limit < 1) {
            return List.of();
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, at, workspace_id, who, action,"
                    + " fact_id, fact_tier, fact_subject, origin FROM memory_audit WHERE workspace_id = ?"
                    + " ORDER BY at DESC, id DESC LIMIT ?")) {
                select.setString(1, workspaceId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<MemoryAuditEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new MemoryAuditEntry(
                                rows.getString(1),
                                Instant.ofEpochMilli(rows.getLong(2)),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                Tier.valueOf(rows.getString(7)),
                                rows.getString(8),
                                rows.getString(9)));
                    }
                    return List.copyOf(entries);
                }
            }
        });
    }
}

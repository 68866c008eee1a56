package dev.lucy.store;

import dev.lucy.core.runtime.SettingsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SettingsStore} in SQLite or PostgreSQL ({@code runtime_settings}, with every change in {@code
 * runtime_settings_audit}), shared by every replica on the database. A write reads the old value, writes the new one
 * and records both in one transaction; writers of one workspace take turns (SQLite serialises writers; PostgreSQL
 * takes a transaction-scoped advisory lock on the workspace), so each change's old value is the one the previous
 * change left. Thread safe, blocking.
 */
public final class JdbcSettingsStore implements SettingsStore {
    private final Database database;

    private JdbcSettingsStore(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. */
    public static JdbcSettingsStore open(Database database) {
        Objects.requireNonNull(database, "database");
        return database.open(JdbcDedupStore.COMPONENT, JdbcSettingsStore::new);
    }

    @Override
    public Map<String, String> read(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT setting, value FROM runtime_settings WHERE workspace_id = ? AND channel_id = ?")) {
                select.setString(1, scope.workspaceId());
                select.setString(2, scope.channelId());
                Map<String, String> values = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        values.put(rows.getString(1), rows.getString(2));
                    }
                }
                return Map.copyOf(values);
            }
        });
    }

    @Override
    public Change write(Scope scope, String key, Optional<String> value, String changedBy, Instant at) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(at, "at");
        return database.inTransaction(connection -> {
            if (database.dialect() == Dialect.POSTGRESQL) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, lockKey(scope.workspaceId()));
                    lock.execute();
                }
            }
            Optional<String> before = current(connection, scope, key);
            Change change = new Change(scope, key, before, value, changedBy, at);
            if (!change.changed()) {
                return change;
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM runtime_settings WHERE workspace_id = ? AND channel_id = ? AND setting = ?")) {
                delete.setString(1, scope.workspaceId());
                delete.setString(2, scope.channelId());
                delete.setString(3, key);
                delete.executeUpdate();
            }
            if (value.isPresent()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO runtime_settings (workspace_id, channel_id, setting, value) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, scope.workspaceId());
                    insert.setString(2, scope.channelId());
                    insert.setString(3, key);
                    insert.setString(4, value.get());
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement audit = connection.prepareStatement(
                    "INSERT INTO runtime_settings_audit (workspace_id, seq, channel_id, setting, old_value, new_value,"
                            + " changed_by, changed_at) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?"
                            + " FROM runtime_settings_audit WHERE workspace_id = ?")) {
                audit.setString(1, scope.workspaceId());
                audit.setString(2, scope.channelId());
                audit.setString(3, key);
                audit.setString(4, before.orElse(null));
                audit.setString(5, value.orElse(null));
                audit.setString(6, changedBy);
                audit.setLong(7, at.toEpochMilli());
                audit.setString(8, scope.workspaceId());
                audit.executeUpdate();
            }
            return change;
        });
    }

    @Override
    public List<Change> history(String workspaceId, int limit) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (limit < 1) {
            return List.of();
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT channel_id, setting, old_value, new_value, changed_by, changed_at FROM"
                            + " runtime_settings_audit WHERE workspace_id = ? ORDER BY seq DESC LIMIT ?")) {
                select.setString(1, workspaceId);
                select.setInt(2, limit);
                List<Change> changes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new Change(
                                new Scope(workspaceId, rows.getString(1)),
                                rows.getString(2),
                                Optional.ofNullable(rows.getString(3)),
                                Optional.ofNullable(rows.getString(4)),
                                rows.getString(5),
                                Instant.ofEpochMilli(rows.getLong(6))));
                    }
                }
                return List.copyOf(changes);
            }
        });
    }

    private static Optional<String> current(Connection connection, Scope scope, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM runtime_settings WHERE workspace_id = ? AND channel_id = ? AND setting = ?")) {
            select.setString(1, scope.workspaceId());
            select.setString(2, scope.channelId());
            select.setString(3, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The advisory lock of a workspace's settings: the high bits name this table, the low ones the workspace. */
    private static long lockKey(String workspaceId) {
        return ((long) "runtime_settings".hashCode() << 32) | (workspaceId.hashCode() & 0xffffffffL);
    }
}

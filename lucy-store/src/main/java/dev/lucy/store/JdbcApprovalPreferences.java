package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalPreferences;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;

/**
 * {@link ApprovalPreferences} in SQLite or PostgreSQL: "always allow this tool here" outlives restarts and holds for
 * every replica sharing the database. Thread safe, blocking.
 */
public final class JdbcApprovalPreferences implements ApprovalPreferences {
    private final Database database;
    private final Clock clock;

    private JdbcApprovalPreferences(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Opens the preferences on {@code database}, bringing its tables up to date; {@code clock} dates each choice. */
    public static JdbcApprovalPreferences open(Database database, Clock clock) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        database.migrate(JdbcApprovalAudit.COMPONENT, JdbcApprovalPreferences.class.getClassLoader());
        return new JdbcApprovalPreferences(database, clock);
    }

    @Override
    public boolean alwaysAllowed(String workspaceId, String tool) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tool, "tool");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM tool_approval_preferences WHERE workspace_id = ? AND tool = ?")) {
                select.setString(1, workspaceId);
                select.setString(2, tool);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void allowAlways(String workspaceId, String tool) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tool, "tool");
        long now = JdbcApprovalAudit.nanos(clock.instant());
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO tool_approval_preferences"
                            + " (workspace_id, tool, allowed_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id, tool) DO NOTHING")) {
                insert.setString(1, workspaceId);
                insert.setString(2, tool);
                insert.setLong(3, now);
                return insert.executeUpdate();
            }
        });
    }
}

package dev.lucy.store;

import dev.lucy.tools.spi.ApprovalPreferences;
import dev.lucy.tools.spi.ApprovalPreferences.Scope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Objects;

/**
 * {@link ApprovalPreferences} in SQLite or PostgreSQL: "always allow this tool", for a workspace or for one person
 * in it, outlives restarts and holds for every replica sharing the database. Thread safe, blocking.
 */
public final class JdbcApprovalPreferences extends ClockedStore implements ApprovalPreferences {

    private JdbcApprovalPreferences(Database database, Clock clock) {
        super(database, clock);
    }

    /** Opens the preferences on {@code database}, bringing its tables up to date; {@code clock} dates each choice. */
    public static JdbcApprovalPreferences open(Database database, Clock clock) {
        return open(database, JdbcApprovalAudit.COMPONENT, clock, JdbcApprovalPreferences::new);
    }

    @Override
    public boolean alwaysAllowed(Scope scope, String tool) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tool, "tool");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    scope.wholeWorkspace()
                            ? "SELECT 1 FROM tool_approval_preferences WHERE workspace_id = ? AND tool = ?"
                            : "SELECT 1 FROM tool_approval_person_preferences"
                                    + " WHERE workspace_id = ? AND tool = ? AND user_id = ?")) {
                select.setString(1, scope.workspaceId());
                select.setString(2, tool);
                if (!scope.wholeWorkspace()) {
                    select.setString(3, scope.userId().orElseThrow());
                }
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void allowAlways(Scope scope, String tool) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(tool, "tool");
        long now = JdbcApprovalAudit.nanos(clock.instant());
        database.inTransaction(connection -> {
            if (scope.wholeWorkspace()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tool_approval_preferences"
                        + " (workspace_id, tool, allowed_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id, tool)"
                        + " DO NOTHING")) {
                    insert.setString(1, scope.workspaceId());
                    insert.setString(2, tool);
                    insert.setLong(3, now);
                    return insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tool_approval_person_preferences"
                    + " (workspace_id, user_id, tool, allowed_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (workspace_id, user_id, tool) DO NOTHING")) {
                insert.setString(1, scope.workspaceId());
                insert.setString(2, scope.userId().orElseThrow());
                insert.setString(3, tool);
                insert.setLong(4, now);
                return insert.executeUpdate();
            }
        });
    }
}

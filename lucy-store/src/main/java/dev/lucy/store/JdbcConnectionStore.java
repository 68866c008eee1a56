package dev.lucy.store;

import dev.lucy.tools.spi.ConnectionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ConnectionStore} in SQLite or PostgreSQL ({@code tool_connections}): which services a workspace or a person
 * has connected outlives restarts and holds for every replica on the database. A workspace-wide connection is stored
 * with an empty user id. Thread safe, blocking.
 */
public final class JdbcConnectionStore extends ClockedStore implements ConnectionStore {
    private static final String WHOLE_WORKSPACE = "";

    private JdbcConnectionStore(Database database, Clock clock) {
        super(database, clock);
    }

    /** Opens the store on {@code database}, bringing its tables up to date; {@code clock} dates each connection. */
    public static JdbcConnectionStore open(Database database, Clock clock) {
        return open(database, JdbcApprovalAudit.COMPONENT, clock, JdbcConnectionStore::new);
    }

    @Override
    public Set<Connection> all() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT workspace_id, user_id, provider FROM tool_connections");
                    ResultSet rows = select.executeQuery()) {
                Set<Connection> all = new HashSet<>();
                while (rows.next()) {
                    String user = rows.getString(2);
                    all.add(new Connection(
                            rows.getString(1),
                            user.isEmpty() ? Optional.empty() : Optional.of(user),
                            rows.getString(3)));
                }
                return Set.copyOf(all);
            }
        });
    }

    @Override
    public void connect(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        long now = JdbcApprovalAudit.nanos(clock.instant());
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tool_connections"
                    + " (workspace_id, user_id, provider, connected_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (workspace_id, user_id, provider) DO NOTHING")) {
                insert.setString(1, connection.workspaceId());
                insert.setString(2, connection.userId().orElse(WHOLE_WORKSPACE));
                insert.setString(3, connection.provider());
                insert.setLong(4, now);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void disconnect(String workspaceId, String provider) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(provider, "provider");
        database.inTransaction(c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM tool_connections WHERE workspace_id = ? AND provider = ?")) {
                delete.setString(1, workspaceId);
                delete.setString(2, provider);
                return delete.executeUpdate();
            }
        });
    }
}

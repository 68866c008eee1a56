package dev.lucy.store;

import dev.lucy.tools.spi.ServedRequestStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ServedRequestStore} in SQLite or PostgreSQL ({@code tool_served_requests}), so what tool retrieval learned
 * survives restarts and is shared by every replica on the database.
 *
 * <p>An append is one transaction: on PostgreSQL it first locks the table against other writers (readers go on), so
 * rows commit in the order of their positions and a reader that has seen up to a position never later finds an
 * earlier one appearing; SQLite's writers take turns anyway. The same transaction drops each appended tool's rows
 * beyond the latest {@code keepPerTool}. Thread safe, blocking.
 */
public final class JdbcServedRequests implements ServedRequestStore {
    private final Database database;

    private JdbcServedRequests(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. The caller keeps closing the database. */
    public static JdbcServedRequests open(Database database) {
        return Objects.requireNonNull(database, "database").open(JdbcApprovalAudit.COMPONENT, JdbcServedRequests::new);
    }

    @Override
    public void append(String origin, List<ServedRequest> served, int keepPerTool) {
        Objects.requireNonNull(origin, "origin");
        List<ServedRequest> batch = List.copyOf(served);
        if (batch.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            if (database.dialect() == Dialect.POSTGRESQL) {
                try (Statement lock = connection.createStatement()) {
                    lock.execute("LOCK TABLE tool_served_requests IN EXCLUSIVE MODE");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO tool_served_requests (origin, tool, request) VALUES (?, ?, ?)")) {
                for (ServedRequest request : batch) {
                    insert.setString(1, origin);
                    insert.setString(2, request.tool());
                    insert.setString(3, request.request());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Set<String> tools = new LinkedHashSet<>();
            batch.forEach(request -> tools.add(request.tool()));
            keepLatest(connection, tools, keepPerTool);
            return null;
        });
    }

    /** Deletes each tool's rows up to its newest row beyond the ones kept (nothing when it has no more than that). */
    private static void keepLatest(Connection connection, Set<String> tools, int keepPerTool) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tool_served_requests"
                + " WHERE tool = ? AND position <= (SELECT position FROM tool_served_requests WHERE tool = ?"
                + " ORDER BY position DESC LIMIT 1 OFFSET ?)")) {
            for (String tool : tools) {
                delete.setString(1, tool);
                delete.setString(2, tool);
                delete.setInt(3, Math.max(0, keepPerTool));
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    @Override
    public List<Entry> after(long position, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT position, origin, tool, request"
                    + " FROM tool_served_requests WHERE position > ? ORDER BY position LIMIT ?")) {
                select.setLong(1, position);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<Entry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new Entry(
                                rows.getLong(1),
                                rows.getString(2),
                                new ServedRequest(rows.getString(3), rows.getString(4))));
                    }
                    return List.copyOf(entries);
                }
            }
        });
    }
}

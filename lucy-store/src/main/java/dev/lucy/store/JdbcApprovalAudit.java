package dev.lucy.store;

import dev.lucy.core.Caller;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalAudit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ApprovalAudit} in SQLite or PostgreSQL. A request is written when it is shown and completed when it ends,
 * so one that was still waiting when its process stopped is found again at the next start and ended as interrupted
 * ({@link dev.lucy.tools.ApprovalGate#endInterrupted()}).
 *
 * <p>{@code owner} names the process among those sharing the database, and must stay the same across its restarts
 * (a host or StatefulSet pod name; any constant when a single process uses the database): a restart ends only its
 * own waiting requests, never those of a replica that is still running. Thread safe, blocking.
 */
public final class JdbcApprovalAudit implements ApprovalAudit {
    /** The migrations of the approval and built-in tool tables: {@code db/lucy-tools/<dialect>}, as before. */
    static final String COMPONENT = "lucy-tools";

    private static final String REQUEST_COLUMNS =
            "id, workspace_id, user_id, conversation_id, tool, description," + " arguments, requested_at, expires_at";

    private final Database database;
    private final String owner;
    private final Set<String> openedHere = ConcurrentHashMap.newKeySet();

    private JdbcApprovalAudit(Database database, String owner) {
        this.database = database;
        this.owner = owner;
    }

    /** Opens the audit on {@code database} for the process named {@code owner}, bringing its tables up to date. */
    public static JdbcApprovalAudit open(Database database, String owner) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("owner must name this process, for example its host name");
        }
        database.migrate(COMPONENT, JdbcApprovalAudit.class.getClassLoader());
        return new JdbcApprovalAudit(database, owner);
    }

    @Override
    public void opened(ApprovalRequest request) {
        openedHere.add(request.id());
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tool_approvals (owner, "
                    + REQUEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, owner);
                bindRequest(insert, 2, request);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void record(ApprovalRecord record) {
        ApprovalRequest request = record.request();
        database.inTransaction(connection -> {
            // A request that was opened is completed; one that never waited (always allowed) is written whole.
            // Either way, only its first ending counts.
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tool_approvals (owner, "
                    + REQUEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, owner);
                bindRequest(insert, 2, request);
                insert.executeUpdate();
            }
            try (PreparedStatement end = connection.prepareStatement("UPDATE tool_approvals SET outcome = ?,"
                    + " decided_by = ?, decided_at = ? WHERE id = ? AND outcome IS NULL")) {
                end.setString(1, record.outcome().name());
                end.setString(2, record.decidedBy());
                end.setLong(3, nanos(record.decidedAt()));
                end.setString(4, request.id());
                return end.executeUpdate();
            }
        });
        openedHere.remove(request.id());
    }

    @Override
    public List<ApprovalRecord> endAbandoned(Instant now) {
        Objects.requireNonNull(now, "now");
        return database.inTransaction(connection -> {
            List<ApprovalRecord> ended = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + REQUEST_COLUMNS
                    + " FROM tool_approvals WHERE owner = ? AND outcome IS NULL ORDER BY requested_at, position")) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ApprovalRequest request = request(rows);
                        if (!openedHere.contains(request.id())) {
                            ended.add(new ApprovalRecord(request, ApprovalOutcome.INTERRUPTED, "", now));
                        }
                    }
                }
            }
            try (PreparedStatement end = connection.prepareStatement("UPDATE tool_approvals SET outcome = ?,"
                    + " decided_by = '', decided_at = ? WHERE id = ? AND outcome IS NULL")) {
                for (ApprovalRecord record : ended) {
                    end.setString(1, ApprovalOutcome.INTERRUPTED.name());
                    end.setLong(2, nanos(now));
                    end.setString(3, record.request().id());
                    end.addBatch();
                }
                if (!ended.isEmpty()) {
                    end.executeBatch();
                }
            }
            return List.copyOf(ended);
        });
    }

    /** Every ended request, oldest ending first; requests still waiting are not listed. */
    @Override
    public List<ApprovalRecord> records() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + REQUEST_COLUMNS
                    + ", outcome, decided_by, decided_at FROM tool_approvals WHERE outcome IS NOT NULL"
                    + " ORDER BY decided_at, position")) {
                try (ResultSet rows = select.executeQuery()) {
                    List<ApprovalRecord> records = new ArrayList<>();
                    while (rows.next()) {
                        records.add(new ApprovalRecord(
                                request(rows),
                                ApprovalOutcome.valueOf(rows.getString("outcome")),
                                rows.getString("decided_by"),
                                instant(rows.getLong("decided_at"))));
                    }
                    return List.copyOf(records);
                }
            }
        });
    }

    private static void bindRequest(PreparedStatement statement, int first, ApprovalRequest request)
            throws SQLException {
        Caller caller = request.caller();
        statement.setString(first, request.id());
        statement.setString(first + 1, caller.workspaceId());
        statement.setString(first + 2, caller.userId());
        statement.setString(first + 3, caller.conversationId());
        statement.setString(first + 4, request.tool());
        statement.setString(first + 5, request.description());
        statement.setString(first + 6, request.arguments());
        statement.setLong(first + 7, nanos(request.requestedAt()));
        statement.setLong(first + 8, nanos(request.expiresAt()));
    }

    private static ApprovalRequest request(ResultSet rows) throws SQLException {
        return new ApprovalRequest(
                rows.getString("id"),
                new Caller(
                        rows.getString("workspace_id"), rows.getString("user_id"), rows.getString("conversation_id")),
                rows.getString("tool"),
                rows.getString("description"),
                rows.getString("arguments"),
                instant(rows.getLong("requested_at")),
                instant(rows.getLong("expires_at")));
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}

package dev.lucy.store;

import dev.lucy.memory.ThreadSummary;
import dev.lucy.memory.spi.ThreadSummaryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ThreadSummaryStore} in SQLite or PostgreSQL ({@code thread_summaries}, part of the {@code lucy-memory}
 * schema), shared by replicas and kept across restarts, so a long thread is summarised once and then extended.
 * Thread safe, blocking.
 */
public final class JdbcThreadSummaryStore implements ThreadSummaryStore {
    private final Database database;

    private JdbcThreadSummaryStore(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing the memory schema up to date. */
    public static JdbcThreadSummaryStore open(Database database) {
        Objects.requireNonNull(database, "database");
        database.migrate(
                "lucy-memory",
                JdbcThreadSummaryStore.class.getClassLoader(),
                new ForgetFactsHoldingSecrets(database.dialect()));
        return new JdbcThreadSummaryStore(database);
    }

    @Override
    public Optional<ThreadSummary> load(String workspaceId, String conversationId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(conversationId, "conversationId");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT summary, covered_until, messages FROM thread_summaries WHERE workspace_id = ?"
                            + " AND conversation_id = ?")) {
                select.setString(1, workspaceId);
                select.setString(2, conversationId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ThreadSummary(
                            workspaceId,
                            conversationId,
                            rows.getString(1),
                            Instant.ofEpochMilli(rows.getLong(2)),
                            rows.getInt(3)));
                }
            }
        });
    }

    /** Keeps {@code summary} unless the stored one already covers later messages (another replica was faster). */
    @Override
    public void save(ThreadSummary summary) {
        Objects.requireNonNull(summary, "summary");
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO thread_summaries (workspace_id, conversation_id, summary, covered_until, messages)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET"
                            + " summary = excluded.summary, covered_until = excluded.covered_until,"
                            + " messages = excluded.messages"
                            + " WHERE thread_summaries.covered_until <= excluded.covered_until")) {
                upsert.setString(1, summary.workspaceId());
                upsert.setString(2, summary.conversationId());
                upsert.setString(3, summary.text());
                upsert.setLong(4, summary.coveredUntil().toEpochMilli());
                upsert.setInt(5, summary.messages());
                upsert.executeUpdate();
            }
            return null;
        });
    }
}

package dev.lucy.store;

import dev.lucy.core.runtime.Participation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Participation} in SQLite or PostgreSQL ({@code runtime_participation}), shared by every replica on the
 * database and kept across restarts. Conversations quiet for longer than the period given at open are deleted now
 * and then. Thread safe, blocking.
 */
public final class JdbcParticipation implements Participation {
    private static final int PURGE_EVERY = 10_000;

    private final Database database;
    private final Duration keep;
    private final AtomicLong joins = new AtomicLong();

    private JdbcParticipation(Database database, Duration keep) {
        this.database = database;
        this.keep = keep;
    }

    /** Opens the store on {@code database}; a conversation quiet for longer than {@code keep} is forgotten. */
    public static JdbcParticipation open(Database database, Duration keep) {
        Objects.requireNonNull(database, "database");
        if (keep == null || keep.isZero() || keep.isNegative()) {
            throw new IllegalArgumentException("keep must be positive: " + keep);
        }
        return database.open(JdbcDedupStore.COMPONENT, d -> new JdbcParticipation(d, keep));
    }

    @Override
    public void joined(String conversationId, Instant at) {
        Objects.requireNonNull(conversationId, "conversationId");
        long now = at.toEpochMilli();
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO runtime_participation (conversation_id, seen_at) VALUES (?, ?) ON CONFLICT"
                            + " (conversation_id) DO UPDATE SET seen_at = excluded.seen_at"
                            + " WHERE runtime_participation.seen_at < excluded.seen_at")) {
                upsert.setString(1, conversationId);
                upsert.setLong(2, now);
                upsert.executeUpdate();
            }
            if (joins.incrementAndGet() % PURGE_EVERY == 0) {
                try (PreparedStatement purge =
                        connection.prepareStatement("DELETE FROM runtime_participation WHERE seen_at < ?")) {
                    purge.setLong(1, now - keep.toMillis());
                    purge.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public boolean takesPart(String conversationId, Instant since) {
        Objects.requireNonNull(conversationId, "conversationId");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM runtime_participation WHERE conversation_id = ? AND seen_at >= ?")) {
                select.setString(1, conversationId);
                select.setLong(2, since.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }
}

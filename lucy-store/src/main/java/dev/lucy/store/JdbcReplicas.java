package dev.lucy.store;

import dev.lucy.core.runtime.Replicas;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Objects;

/**
 * {@link Replicas} in SQLite or PostgreSQL: each beat records this instance's name and the time in
 * {@code runtime_replicas}, which {@link JdbcInbox#takeOver} and {@link JdbcTaskStore#takeOver} read to tell a
 * silent replica from a live one. Thread safe, blocking.
 */
public final class JdbcReplicas implements Replicas {
    private final Database database;
    private final String owner;
    private final Clock clock;

    private JdbcReplicas(Database database, String owner, Clock clock) {
        this.database = database;
        this.owner = owner;
        this.clock = clock;
    }

    /** The beats of {@code owner} (this instance's name, the one its inbox and task store use) on {@code database}. */
    public static JdbcReplicas open(Database database, String owner, Clock clock) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        return database.open(JdbcDedupStore.COMPONENT, d -> new JdbcReplicas(d, JdbcInbox.checkOwner(owner), clock));
    }

    @Override
    public void beat() {
        long now = clock.millis();
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO runtime_replicas (owner, beat_at)"
                    + " VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET beat_at = excluded.beat_at")) {
                upsert.setString(1, owner);
                upsert.setLong(2, now);
                return upsert.executeUpdate();
            }
        });
    }

    /**
     * The SQL condition that an owner column ({@code column}, qualified by its table) names a silent owner: not this one, and without a beat
     * since the first parameter (epoch milliseconds). The second parameter is this owner.
     */
    static String silent(String column) {
        return column + " <> ? AND NOT EXISTS (SELECT 1 FROM runtime_replicas r WHERE r.owner = " + column
                + " AND r.beat_at >= ?)";
    }
}

package dev.lucy.store;

import dev.lucy.core.spi.DedupStore;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DedupStore} in SQLite or PostgreSQL: a unique insert decides, so exactly one of any number of
 * concurrent deliveries, from any number of processes sharing the database, is first. Keys expire after the
 * time to live; expired rows are purged now and then by the writers themselves. Thread safe, blocking.
 */
public final class JdbcDedupStore implements DedupStore {
    static final String COMPONENT = "lucy-runtime";
    private static final int PURGE_EVERY = 1_000;

    private final Database database;
    private final Duration ttl;
    private final Clock clock;
    private final AtomicLong inserts = new AtomicLong();

    private JdbcDedupStore(Database database, Duration ttl, Clock clock) {
        this.database = database;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. */
    public static JdbcDedupStore open(Database database, Duration ttl, Clock clock) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(clock, "clock");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        database.migrate(COMPONENT, JdbcDedupStore.class.getClassLoader());
        return new JdbcDedupStore(database, ttl, clock);
    }

    @Override
    public boolean firstSeen(String key) {
        long now = clock.millis();
        boolean first = database.inTransaction(connection -> {
            // A key whose time ran out counts as never seen: drop it, then race for the insert.
            try (PreparedStatement expired =
                    connection.prepareStatement("DELETE FROM runtime_dedup WHERE dedup_key = ? AND expires_at <= ?")) {
                expired.setString(1, key);
                expired.setLong(2, now);
                expired.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO runtime_dedup (dedup_key, expires_at) VALUES (?, ?) ON CONFLICT (dedup_key) DO NOTHING")) {
                insert.setString(1, key);
                insert.setLong(2, now + ttl.toMillis());
                return insert.executeUpdate() == 1;
            }
        });
        if (first && inserts.incrementAndGet() % PURGE_EVERY == 0) {
            database.inTransaction(connection -> {
                try (PreparedStatement purge =
                        connection.prepareStatement("DELETE FROM runtime_dedup WHERE expires_at <= ?")) {
                    purge.setLong(1, now);
                    return purge.executeUpdate();
                }
            });
        }
        return first;
    }
}

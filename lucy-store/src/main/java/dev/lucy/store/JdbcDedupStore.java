package dev.lucy.store;

import dev.lucy.core.runtime.DedupStore;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link DedupStore} in SQLite or PostgreSQL: a unique insert decides, so exactly one of any number of
 * concurrent deliveries, from any number of processes sharing the database, is first. Keys expire after the
 * time to live; expired rows are purged now and then by the writers themselves. Thread safe, blocking.
 *
 * <p>Claims arriving together are decided together, in one transaction ({@link GroupCommit}).
 */
public final class JdbcDedupStore implements DedupStore {
    static final String COMPONENT = "lucy-runtime";

    private final Database database;
    private final Duration ttl;
    private final Clock clock;
    private final ExpiredKeys expiredKeys;
    private final GroupCommit<Claim> claims = new GroupCommit<>(this::decide);

    /** One caller's key and, once decided, whether it was the first. */
    private static final class Claim extends GroupCommit.Work {
        final String key;
        volatile boolean first;

        Claim(String key) {
            this.key = key;
        }
    }

    private JdbcDedupStore(Database database, Duration ttl, Clock clock) {
        this.database = database;
        this.ttl = ttl;
        this.clock = clock;
        this.expiredKeys = new ExpiredKeys(database);
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
        Claim claim = new Claim(Objects.requireNonNull(key, "key"));
        claims.write(claim);
        return claim.first;
    }

    /** Decides {@code batch} in one transaction; a failure fails every claim in it. */
    private void decide(List<Claim> batch) {
        long now = clock.millis();
        boolean[] firsts = database.inTransaction(connection -> {
            boolean[] results = new boolean[batch.size()];
            // A key whose time ran out counts as never seen: drop it, then race for the insert.
            try (PreparedStatement expired = connection.prepareStatement(
                            "DELETE FROM runtime_dedup WHERE dedup_key = ? AND expires_at <= ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO runtime_dedup (dedup_key, expires_at) VALUES (?, ?)"
                                    + " ON CONFLICT (dedup_key) DO NOTHING")) {
                for (int i = 0; i < batch.size(); i++) {
                    expired.setString(1, batch.get(i).key);
                    expired.setLong(2, now);
                    expired.executeUpdate();
                    insert.setString(1, batch.get(i).key);
                    insert.setLong(2, now + ttl.toMillis());
                    results[i] = insert.executeUpdate() == 1;
                }
            }
            return results;
        });
        int added = 0;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).first = firsts[i];
            added += firsts[i] ? 1 : 0;
        }
        expiredKeys.wrote(added, now);
    }
}

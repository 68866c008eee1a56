package dev.lucy.store;

import dev.lucy.core.model.RateBudget;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RateBudget} in SQLite or PostgreSQL, so several replicas share one budget per key: a provider's limit
 * holds for all of them together. Each reservation is one short transaction on the key's row (row-locked with
 * {@code SELECT ... FOR UPDATE} on PostgreSQL; SQLite serialises writers); nobody waits while holding it.
 *
 * <p>The bucket refills continuously ("greedy", like bucket4j's in-memory buckets), starts full, and starts over
 * full when a key's limit changes. Arithmetic is exact: a token is {@code period} nanosecond-units, so waits come
 * out to the nanosecond. Replicas should share a clock within a few milliseconds; time never runs backwards for a
 * bucket. Thread safe, blocking (a few milliseconds per call on a local database).
 */
public final class JdbcRateBudget extends ClockedStore implements RateBudget {

    private JdbcRateBudget(Database database, Clock clock) {
        super(database, clock);
    }

    /** Opens the budgets on {@code database}, bringing its tables up to date. */
    public static JdbcRateBudget open(Database database, Clock clock) {
        return open(database, JdbcDedupStore.COMPONENT, clock, JdbcRateBudget::new);
    }

    @Override
    public Optional<Duration> reserve(String key, Limit limit, long amount, Duration maxWait) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(maxWait, "maxWait");
        if (amount <= 0) {
            return Optional.of(Duration.ZERO);
        }
        long now = nanos(clock.instant());
        return database.inTransaction(connection -> {
            Bucket bucket = lock(connection, key, limit, now);
            long take = Math.min(amount, limit.amount());
            BigInteger needed = bucket.units(take).subtract(bucket.level);
            long waitNanos = needed.signum() <= 0 ? 0 : bucket.nanosToRefill(needed);
            boolean refused = maxWait.isPositive() ? waitNanos > maxWait.toNanos() : waitNanos > 0;
            if (refused) {
                return Optional.<Duration>empty();
            }
            write(connection, key, limit, bucket.level.subtract(bucket.units(amount)), bucket.at);
            return Optional.of(Duration.ofNanos(waitNanos));
        });
    }

    @Override
    public void adjust(String key, Limit limit, long delta) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (delta == 0) {
            return;
        }
        long now = nanos(clock.instant());
        database.inTransaction(connection -> {
            Bucket bucket = lock(connection, key, limit, now);
            BigInteger level = bucket.level.add(bucket.units(delta));
            write(connection, key, limit, delta > 0 ? level.min(bucket.capacity()) : level, bucket.at);
            return null;
        });
    }

    /** Reads the key's bucket under a row lock (creating it full), refilled up to {@code now}. */
    private Bucket lock(Connection connection, String key, Limit limit, long now) throws SQLException {
        String select = "SELECT limit_amount, limit_period_nanos, level, updated_at FROM runtime_rate_budgets"
                + " WHERE budget_key = ?" + (database.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "");
        long period = limit.period().toNanos();
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                statement.setString(1, key);
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        if (row.getLong(1) != limit.amount() || row.getLong(2) != period) {
                            return Bucket.full(limit, Math.max(now, row.getLong(4)));
                        }
                        long at = row.getLong(4);
                        Bucket bucket = new Bucket(limit, new BigInteger(row.getString(3)), at);
                        return bucket.refilledTo(now);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runtime_rate_budgets"
                    + " (budget_key, limit_amount, limit_period_nanos, level, updated_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (budget_key) DO NOTHING")) {
                Bucket full = Bucket.full(limit, now);
                insert.setString(1, key);
                insert.setLong(2, limit.amount());
                insert.setLong(3, period);
                insert.setString(4, full.level.toString());
                insert.setLong(5, now);
                insert.executeUpdate();
            }
            // Read it again, locked: ours, or the one a concurrent first caller inserted.
        }
        throw new SQLException("rate budget row for " + key + " vanished while being created", "40001");
    }

    private static void write(Connection connection, String key, Limit limit, BigInteger level, long at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE runtime_rate_budgets SET limit_amount = ?,"
                + " limit_period_nanos = ?, level = ?, updated_at = ? WHERE budget_key = ?")) {
            update.setLong(1, limit.amount());
            update.setLong(2, limit.period().toNanos());
            update.setString(3, level.toString());
            update.setLong(4, at);
            update.setString(5, key);
            update.executeUpdate();
        }
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /**
     * A bucket's state: {@code level} in units where one token is {@code period} units, so it gains
     * {@code amount} units per nanosecond; {@code at} is when it was last brought up to date.
     */
    private record Bucket(Limit limit, BigInteger level, long at) {
        static Bucket full(Limit limit, long at) {
            return new Bucket(limit, capacity(limit), at);
        }

        static BigInteger capacity(Limit limit) {
            return BigInteger.valueOf(limit.amount())
                    .multiply(BigInteger.valueOf(limit.period().toNanos()));
        }

        BigInteger capacity() {
            return capacity(limit);
        }

        BigInteger units(long tokens) {
            return BigInteger.valueOf(tokens)
                    .multiply(BigInteger.valueOf(limit.period().toNanos()));
        }

        Bucket refilledTo(long now) {
            if (now <= at) {
                return this;
            }
            BigInteger gained = BigInteger.valueOf(now - at).multiply(BigInteger.valueOf(limit.amount()));
            return new Bucket(limit, level.add(gained).min(capacity()).max(level), now);
        }

        /** Nanoseconds until {@code units} more have refilled (rounded up). */
        long nanosToRefill(BigInteger units) {
            BigInteger[] qr = units.divideAndRemainder(BigInteger.valueOf(limit.amount()));
            BigInteger nanos = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            return nanos.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        }
    }
}

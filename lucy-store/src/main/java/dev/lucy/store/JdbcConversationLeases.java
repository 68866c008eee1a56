package dev.lucy.store;

import dev.lucy.core.runtime.ConversationLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ConversationLeases} in PostgreSQL (or SQLite): a row per leased conversation in {@code runtime_leases}, so
 * replicas on one database run one conversation at a time between them.
 *
 * <p>A grant is one insert-or-update that succeeds only when the conversation has no row, its lease ran out, or the
 * asker already holds it; PostgreSQL locks the row for the statement, so of concurrent askers exactly one is granted.
 * The fence grows with every grant and never falls below the grant's time in epoch milliseconds. Renewing and
 * releasing name the fence; a release ends the lease now and keeps the row, so the next grant's fence is larger
 * still. Rows whose lease ended more than a day ago are deleted now and then by the askers themselves (the next
 * grant's fence, from its time, is larger than any they held). Times come from the clock given to {@link #open};
 * replicas should keep their clocks in sync (the runtime tolerates a tenth of the time to live). Thread safe; each
 * call is one short transaction (a grant refused reads the holder in the same one).
 */
public final class JdbcConversationLeases extends ClockedStore implements ConversationLeases {
    private static final int PURGE_EVERY = 1_000;
    private static final Duration KEEP_ENDED = Duration.ofDays(1);

    private final AtomicLong grants = new AtomicLong();

    private JdbcConversationLeases(Database database, Clock clock) {
        super(database, clock);
    }

    /** Opens the leases on {@code database}, bringing its tables up to date. */
    public static JdbcConversationLeases open(Database database, Clock clock) {
        return open(database, JdbcDedupStore.COMPONENT, clock, JdbcConversationLeases::new);
    }

    @Override
    public Grant acquire(String conversationId, String owner, Duration ttl) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(owner, "owner");
        long now = clock.millis();
        long until = now + ttl.toMillis();
        return database.inTransaction(connection -> {
            try (PreparedStatement grant = connection.prepareStatement("INSERT INTO runtime_leases"
                    + " (conversation_id, owner, fence, expires_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (conversation_id) DO UPDATE SET owner = excluded.owner,"
                    + " fence = CASE WHEN runtime_leases.fence + 1 > excluded.fence THEN runtime_leases.fence + 1"
                    + " ELSE excluded.fence END, expires_at = excluded.expires_at"
                    + " WHERE runtime_leases.expires_at <= ? OR runtime_leases.owner = ? RETURNING fence")) {
                grant.setString(1, conversationId);
                grant.setString(2, owner);
                grant.setLong(3, now);
                grant.setLong(4, until);
                grant.setLong(5, now);
                grant.setString(6, owner);
                try (ResultSet granted = grant.executeQuery()) {
                    if (granted.next()) {
                        if (grants.incrementAndGet() % PURGE_EVERY == 0) {
                            purgeEnded(connection, now);
                        }
                        return new Grant.Granted(
                                new Lease(conversationId, owner, granted.getLong(1), Instant.ofEpochMilli(until)));
                    }
                }
            }
            try (PreparedStatement holder = connection.prepareStatement(
                    "SELECT owner, expires_at FROM runtime_leases WHERE conversation_id = ?")) {
                holder.setString(1, conversationId);
                try (ResultSet held = holder.executeQuery()) {
                    if (!held.next()) {
                        throw new IllegalStateException("lease of " + conversationId + " neither granted nor held");
                    }
                    return new Grant.Held(held.getString(1), Instant.ofEpochMilli(held.getLong(2)));
                }
            }
        });
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        long now = clock.millis();
        long until = now + ttl.toMillis();
        return setExpiry(lease, until, now)
                ? Optional.of(
                        new Lease(lease.conversationId(), lease.owner(), lease.fence(), Instant.ofEpochMilli(until)))
                : Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        long now = clock.millis();
        setExpiry(lease, now, now);
    }

    /** Moves the expiry of {@code lease} to {@code until} if it is still held and live at {@code now}; whether it was. */
    private boolean setExpiry(Lease lease, long until, long now) {
        int updated = database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE runtime_leases SET expires_at = ?"
                    + " WHERE conversation_id = ? AND owner = ? AND fence = ? AND expires_at > ?")) {
                update.setLong(1, until);
                update.setString(2, lease.conversationId());
                update.setString(3, lease.owner());
                update.setLong(4, lease.fence());
                update.setLong(5, now);
                return update.executeUpdate();
            }
        });
        return updated == 1;
    }

    /** Housekeeping in the granting transaction: one indexed delete, now and then. */
    private static void purgeEnded(Connection connection, long now) throws SQLException {
        try (PreparedStatement purge = connection.prepareStatement("DELETE FROM runtime_leases WHERE expires_at < ?")) {
            purge.setLong(1, now - KEEP_ENDED.toMillis());
            purge.executeUpdate();
        }
    }
}

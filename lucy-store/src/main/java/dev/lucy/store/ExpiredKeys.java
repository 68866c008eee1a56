package dev.lucy.store;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Housekeeping for {@code runtime_dedup}, which the dedup store and the inbox both write: after every
 * {@value #PURGE_EVERY} writes that added keys (a claim won, an event received), the writer deletes the keys whose
 * time ran out. Thread safe, blocking.
 */
final class ExpiredKeys {
    private static final int PURGE_EVERY = 1_000;

    private final Database database;
    private final AtomicLong writes = new AtomicLong();

    ExpiredKeys(Database database) {
        this.database = database;
    }

    /** Counts {@code writes} more writes that added keys at {@code now}, purging whenever the count passes a multiple. */
    void wrote(int writes, long now) {
        long before = this.writes.getAndAdd(writes);
        if (before / PURGE_EVERY != (before + writes) / PURGE_EVERY) {
            purge(now);
        }
    }

    private void purge(long now) {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement purge =
                        connection.prepareStatement("DELETE FROM runtime_dedup WHERE expires_at <= ?")) {
                    purge.setLong(1, now);
                    return purge.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // Housekeeping only: the writes are decided; expired keys go with the next purge.
        }
    }
}

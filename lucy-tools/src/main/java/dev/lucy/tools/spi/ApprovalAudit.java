package dev.lucy.tools.spi;

import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a record of every approval asked for and how it ended. Blocks; thread safe. {@link #inMemory()} is the
 * default; {@code dev.lucy.store.JdbcApprovalAudit} (lucy-store) keeps records in SQLite or PostgreSQL, waiting requests included, so a restart
 * can tell people their request was interrupted.
 */
public interface ApprovalAudit {

    /** How a request ended. Called exactly once per request. */
    void record(ApprovalRecord record);

    /**
     * A request was shown to a human and is now waiting. A durable audit keeps it until {@link #record} ends it, so
     * that {@link #endAbandoned} can find it after a crash. The default keeps nothing.
     */
    default void opened(ApprovalRequest request) {}

    /**
     * Ends, as {@link dev.lucy.tools.ApprovalOutcome#INTERRUPTED} at {@code now}, every request that an earlier run of
     * this process left waiting (it stopped before anyone decided), and returns them, so their people can be told.
     * Requests opened through this instance are never touched. The default has nothing to end.
     */
    default List<ApprovalRecord> endAbandoned(Instant now) {
        return List.of();
    }

    /** Records so far, oldest first (implementations that cannot list return an empty list). */
    default List<ApprovalRecord> records() {
        return List.of();
    }

    /** Keeps records in memory. */
    static ApprovalAudit inMemory() {
        return new ApprovalAudit() {
            private final ReentrantLock lock = new ReentrantLock();
            private final List<ApprovalRecord> records = new ArrayList<>();

            @Override
            public void record(ApprovalRecord record) {
                lock.lock();
                try {
                    records.add(record);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public List<ApprovalRecord> records() {
                lock.lock();
                try {
                    return List.copyOf(records);
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}

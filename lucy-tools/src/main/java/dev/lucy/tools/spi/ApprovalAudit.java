package dev.lucy.tools.spi;

import dev.lucy.tools.ApprovalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a record of every approval asked for and how it ended. Blocks; thread safe. Durable implementations live
 * with the stores; {@link #inMemory()} is the default.
 */
public interface ApprovalAudit {

    void record(ApprovalRecord record);

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

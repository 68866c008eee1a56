package dev.lucy.memory.spi;

import dev.lucy.memory.MemoryAuditEntry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The record of changes people make to what Lucy remembers (a fact forgotten from the web console), shown beside the
 * facts. {@link #inMemory()} is the default and is lost at restart; {@code dev.lucy.store.JdbcMemoryAudit} (lucy-store)
 * keeps it in SQLite or PostgreSQL. Implementations are thread safe and blocking; a failing database fails with a
 * {@link dev.lucy.core.LucyException}.
 */
public interface MemoryAudit {

    /** Keeps {@code entry}. */
    void record(MemoryAuditEntry entry);

    /** The newest entries of {@code workspaceId}, at most {@code limit}, newest first. */
    List<MemoryAuditEntry> recent(String workspaceId, int limit);

    /** Keeps the newest {@link #IN_MEMORY_KEPT} entries in this process only. */
    static MemoryAudit inMemory() {
        return new MemoryAudit() {
            private final ReentrantLock lock = new ReentrantLock();
            private final Deque<MemoryAuditEntry> entries = new ArrayDeque<>();

            @Override
            public void record(MemoryAuditEntry entry) {
                lock.lock();
                try {
                    entries.addFirst(entry);
                    while (entries.size() > IN_MEMORY_KEPT) {
                        entries.removeLast();
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public List<MemoryAuditEntry> recent(String workspaceId, int limit) {
                lock.lock();
                try {
                    return entries.stream()
                            .filter(e -> e.workspaceId().equals(workspaceId))
                            .limit(limit)
                            .toList();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** How many entries {@link #inMemory()} keeps. */
    int IN_MEMORY_KEPT = 1_000;
}

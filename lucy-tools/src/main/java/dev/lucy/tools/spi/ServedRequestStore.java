package dev.lucy.tools.spi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the requests each tool has served are kept beyond one process, so that what tool retrieval learned from use
 * survives a restart and a new replica starts with what the others learned. {@code dev.lucy.tools.ToolLearning}
 * writes to it behind the retrieval hot path and reads it at start and periodically.
 *
 * <p>Entries are numbered in the order they were stored: a reader that has seen up to position {@code p} finds
 * everything stored later with {@link #after(long, int)}, whichever process stored it. Positions only grow, and an
 * entry becomes visible only after every entry before it.
 *
 * <p>Thread safe; calls block. The default is {@link #inMemory()}, which keeps entries in this process only;
 * {@code dev.lucy.store.JdbcServedRequests} (lucy-store) keeps them in SQLite or PostgreSQL.
 */
public interface ServedRequestStore {

    /**
     * Stores {@code served} in order, as written by {@code origin}, then keeps only each of their tools' {@code
     * keepPerTool} latest entries.
     */
    void append(String origin, List<ServedRequest> served, int keepPerTool);

    /** Up to {@code limit} entries stored after {@code position} (0: from the first), oldest first. */
    List<Entry> after(long position, int limit);

    /** Entries kept in this process's memory: learning survives nothing, as without a store. */
    static ServedRequestStore inMemory() {
        return new ServedRequestStore() {
            private final ReentrantLock lock = new ReentrantLock();
            private final List<Entry> entries = new ArrayList<>();
            private long last;

            @Override
            public void append(String origin, List<ServedRequest> served, int keepPerTool) {
                Objects.requireNonNull(origin, "origin");
                lock.lock();
                try {
                    for (ServedRequest request : served) {
                        entries.add(new Entry(++last, origin, request));
                    }
                    Map<String, Integer> kept = new HashMap<>();
                    for (int i = entries.size() - 1; i >= 0; i--) {
                        String tool = entries.get(i).served().tool();
                        if (kept.merge(tool, 1, Integer::sum) > keepPerTool) {
                            entries.remove(i);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public List<Entry> after(long position, int limit) {
                lock.lock();
                try {
                    return entries.stream()
                            .filter(e -> e.position() > position)
                            .limit(limit)
                            .toList();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /**
     * A request a tool served.
     *
     * @param tool the tool's name
     * @param request what the person asked, which the tool's successful call answered
     */
    record ServedRequest(String tool, String request) {
        public ServedRequest {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * A stored {@link ServedRequest}.
     *
     * @param position its place in the order entries were stored, from 1
     * @param origin who stored it (one name per running process)
     */
    record Entry(long position, String origin, ServedRequest served) {
        public Entry {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(served, "served");
        }
    }
}

package dev.lucy.tools;

import dev.lucy.core.Secrets;
import dev.lucy.tools.spi.ServedRequestStore;
import dev.lucy.tools.spi.ServedRequestStore.Entry;
import dev.lucy.tools.spi.ServedRequestStore.ServedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What tool retrieval learns from use, made to last: each request a tool served is learned by the {@link
 * ToolRetriever} at once, as before, and queued for a {@link ServedRequestStore}; {@link #sync()} writes the queue
 * and reads what other processes stored meanwhile into the retriever. The first sync reads the whole history, so a
 * restarted process or a new replica recalls what the others learned.
 *
 * <p>{@link #served} is on the tool call's path and never blocks or touches the store: the queue is bounded
 * ({@value #DEFAULT_QUEUE_CAPACITY} requests), and what does not fit is learned here only and counted in {@link
 * #dropped()}. Requests are stored with credentials redacted ({@link Secrets}) and cut to what retrieval reads
 * ({@link Bm25ToolIndex#MAX_REQUEST_CHARS} characters). A failed write is kept for the next sync, within the same
 * bound. Thread safe; {@link #sync()} blocks on the store.
 */
public final class ToolLearning {
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Entries read from the store per query. */
    static final int PAGE = 1_000;

    private static final Secrets SECRETS = Secrets.defaults();

    private final ToolRetriever retriever;
    private final ServedRequestStore store;
    private final int keepPerTool;
    private final int capacity;
    private final String origin = UUID.randomUUID().toString();
    private final ArrayBlockingQueue<ServedRequest> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final ReentrantLock syncing = new ReentrantLock();
    private final List<ServedRequest> unsaved = new ArrayList<>();
    private long position;

    private ToolLearning(ToolRetriever retriever, ServedRequestStore store, int keepPerTool, int capacity) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.store = Objects.requireNonNull(store, "store");
        if (keepPerTool < 0) {
            throw new IllegalArgumentException("keepPerTool must not be negative: " + keepPerTool);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.keepPerTool = keepPerTool;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Learning for {@code retriever} kept in {@code store}, each tool keeping its {@code keepPerTool} latest served
     * requests there (as {@link RetrievalConfig#maxExamplesPerTool()} does in the index). Nothing is read until the
     * first {@link #sync()}.
     */
    public static ToolLearning create(ToolRetriever retriever, ServedRequestStore store, int keepPerTool) {
        return new ToolLearning(retriever, store, keepPerTool, DEFAULT_QUEUE_CAPACITY);
    }

    static ToolLearning create(ToolRetriever retriever, ServedRequestStore store, int keepPerTool, int capacity) {
        return new ToolLearning(retriever, store, keepPerTool, capacity);
    }

    /** Learns that {@code request} was served by {@code tool}, now, and queues it for the store. */
    public void served(String tool, String request) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(request, "request");
        String text = request.length() > Bm25ToolIndex.MAX_REQUEST_CHARS
                ? request.substring(0, Bm25ToolIndex.MAX_REQUEST_CHARS)
                : request;
        retriever.learn(tool, text);
        if (keepPerTool > 0 && !text.isBlank() && !queue.offer(new ServedRequest(tool, text))) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Stores what was served here since the last sync, then learns what other processes stored since then (the
     * whole history on the first call).
     *
     * @return how many served requests of other processes were learned
     * @throws RuntimeException whatever the store throws; what could not be written is kept for the next sync
     */
    public int sync() {
        syncing.lock();
        try {
            write();
            return read();
        } finally {
            syncing.unlock();
        }
    }

    /** Served requests learned here only: the queue was full, or the store failed for too long. */
    public long dropped() {
        return dropped.get();
    }

    /** Served requests waiting for the next {@link #sync()}. */
    public int queued() {
        syncing.lock();
        try {
            return queue.size() + unsaved.size();
        } finally {
            syncing.unlock();
        }
    }

    private void write() {
        List<ServedRequest> batch = new ArrayList<>();
        queue.drainTo(batch);
        for (ServedRequest served : batch) {
            unsaved.add(new ServedRequest(served.tool(), SECRETS.redact(served.request())));
        }
        int over = unsaved.size() - capacity;
        if (over > 0) {
            unsaved.subList(0, over).clear();
            dropped.addAndGet(over);
        }
        if (!unsaved.isEmpty()) {
            store.append(origin, List.copyOf(unsaved), keepPerTool);
            unsaved.clear();
        }
    }

    private int read() {
        int learned = 0;
        while (true) {
            List<Entry> page = store.after(position, PAGE);
            for (Entry entry : page) {
                position = Math.max(position, entry.position());
                if (!entry.origin().equals(origin)) {
                    retriever.learn(entry.served().tool(), entry.served().request());
                    learned++;
                }
            }
            if (page.size() < PAGE) {
                return learned;
            }
        }
    }
}

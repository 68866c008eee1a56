package dev.lucy.testkit.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Counts chat requests of one key (a conversation, say) that the server worked on at the same moment, as a provider
 * would see it: a request counts from its arrival until its answer starts to leave (or it fails). Whatever the client
 * sends because of an answer therefore never overlaps that answer's request, while two requests sent at once do.
 *
 * <pre>{@code
 * RequestOverlaps overlaps = RequestOverlaps.by(request -> request.lastUserText().map(text -> text.substring(0, 4)));
 * server.track(overlaps);
 * // ... run the conversations
 * assertThat(overlaps.overlapping()).isZero();
 * }</pre>
 *
 * <p>Requests whose key is empty are not counted. Thread safe.
 */
public final class RequestOverlaps {
    private final Function<ModelRequest, Optional<String>> key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> open = new HashMap<>();
    private final Map<Integer, String> openRequests = new HashMap<>();
    private final Map<String, Integer> peaks = new HashMap<>();
    private int overlapping;

    private RequestOverlaps(Function<ModelRequest, Optional<String>> key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Counts by the key {@code key} finds in each request. */
    public static RequestOverlaps by(Function<ModelRequest, Optional<String>> key) {
        return new RequestOverlaps(key);
    }

    /** How many requests arrived while another request of the same key was still being worked on. */
    public int overlapping() {
        lock.lock();
        try {
            return overlapping;
        } finally {
            lock.unlock();
        }
    }

    /** The most requests of {@code key} worked on at the same moment; 0 if none arrived. */
    public int peak(String key) {
        lock.lock();
        try {
            return peaks.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    void arrived(ModelRequest request) {
        Optional<String> k = key.apply(request);
        if (k.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            int now = open.merge(k.get(), 1, Integer::sum);
            if (now > 1) {
                overlapping++;
            }
            peaks.merge(k.get(), now, Math::max);
            openRequests.put(request.sequence(), k.get());
        } finally {
            lock.unlock();
        }
    }

    void answering(ModelRequest request) {
        lock.lock();
        try {
            String k = openRequests.remove(request.sequence());
            if (k != null) {
                open.merge(k, -1, (a, b) -> a + b == 0 ? null : a + b);
            }
        } finally {
            lock.unlock();
        }
    }
}

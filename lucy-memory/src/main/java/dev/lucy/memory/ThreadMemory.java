package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Caller;
import dev.lucy.core.model.Message;
import dev.lucy.memory.spi.ThreadHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Thread memory: a conversation's recent history, loaded from the platform through {@link ThreadHistory}, bounded
 * by messages and tokens, cached, and invalidated when a new message arrives. Thread safe; a load blocks.
 */
public final class ThreadMemory {
    public static final int DEFAULT_MAX_MESSAGES = 50;
    public static final int DEFAULT_MAX_TOKENS = 6_000;
    public static final long DEFAULT_MAX_CACHED_THREADS = 10_000;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);

    private final ThreadHistory history;
    private final int maxMessages;
    private final int maxTokens;
    private final Cache<Key, List<ThreadMessage>> cache;

    private record Key(String workspaceId, String conversationId) {}

    private ThreadMemory(Builder b) {
        this.history = b.history;
        this.maxMessages = b.maxMessages;
        this.maxTokens = b.maxTokens;
        Caffeine<Object, Object> caffeine =
                Caffeine.newBuilder().maximumSize(b.maxCachedThreads).expireAfterWrite(b.cacheTtl);
        if (b.ticker != null) {
            caffeine.ticker(b.ticker);
        }
        this.cache = caffeine.build();
    }

    public static Builder builder(ThreadHistory history) {
        return new Builder(history);
    }

    /**
     * The conversation so far, oldest first: at most the configured number of messages, and dropping the oldest
     * until the estimated tokens fit.
     */
    public List<ThreadMessage> history(Caller caller) {
        Objects.requireNonNull(caller, "caller");
        return cache.get(
                new Key(caller.workspaceId(), caller.conversationId()), k -> bound(history.load(caller, maxMessages)));
    }

    /** The conversation so far as chat messages for a model request. */
    public List<Message> messages(Caller caller) {
        List<Message> out = new ArrayList<>();
        for (ThreadMessage m : history(caller)) {
            out.add(m.fromAssistant() ? Message.assistant(m.text()) : Message.user(m.text()));
        }
        return out;
    }

    /** A new message arrived in the conversation: the next read loads it from the platform. */
    public void messageArrived(Caller caller) {
        cache.invalidate(new Key(caller.workspaceId(), caller.conversationId()));
    }

    private List<ThreadMessage> bound(List<ThreadMessage> loaded) {
        List<ThreadMessage> newestFirst = new ArrayList<>();
        int tokens = 0;
        for (int i = loaded.size() - 1; i >= 0 && newestFirst.size() < maxMessages; i--) {
            ThreadMessage m = loaded.get(i);
            int cost = Normalizer.tokens(m.text()) + 4;
            if (tokens + cost > maxTokens) {
                break;
            }
            tokens += cost;
            newestFirst.add(m);
        }
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    public static final class Builder {
        private final ThreadHistory history;
        private int maxMessages = DEFAULT_MAX_MESSAGES;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private long maxCachedThreads = DEFAULT_MAX_CACHED_THREADS;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private com.github.benmanes.caffeine.cache.Ticker ticker;

        private Builder(ThreadHistory history) {
            this.history = Objects.requireNonNull(history, "history");
        }

        public Builder maxMessages(int maxMessages) {
            this.maxMessages = atLeast(maxMessages, 1, "maxMessages");
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = atLeast(maxTokens, 1, "maxTokens");
            return this;
        }

        public Builder maxCachedThreads(long maxCachedThreads) {
            if (maxCachedThreads < 0) {
                throw new IllegalArgumentException("maxCachedThreads must not be negative: " + maxCachedThreads);
            }
            this.maxCachedThreads = maxCachedThreads;
            return this;
        }

        /** How long a loaded history is reused when no new message invalidates it. */
        public Builder cacheTtl(Duration cacheTtl) {
            this.cacheTtl = positive(cacheTtl, "cacheTtl");
            return this;
        }

        /** The time source of cache expiry, in nanoseconds; the system's by default. */
        public Builder ticker(java.util.function.LongSupplier nanos) {
            Objects.requireNonNull(nanos, "ticker");
            this.ticker = nanos::getAsLong;
            return this;
        }

        public ThreadMemory build() {
            return new ThreadMemory(this);
        }
    }
}

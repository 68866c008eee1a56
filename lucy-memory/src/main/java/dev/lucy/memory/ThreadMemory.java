package dev.lucy.memory;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lucy.core.Caller;
import dev.lucy.core.model.Message;
import dev.lucy.memory.spi.ThreadHistory;
import dev.lucy.memory.spi.ThreadSummarizer;
import dev.lucy.memory.spi.ThreadSummaryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Thread memory: a conversation's recent history, loaded from the platform through {@link ThreadHistory}, bounded
 * by messages and tokens, cached, and invalidated when a new message arrives. Thread safe; a load blocks.
 *
 * <p>{@link #context(Caller)} never drops older messages unsaid: when a thread no longer fits, its older half is
 * folded into a running summary by the {@link ThreadSummarizer} (the fast model in the bot), kept in a
 * {@link ThreadSummaryStore} and extended, not remade, as the thread grows. If the summarizer fails, the context says
 * how many earlier messages it leaves out.
 */
public final class ThreadMemory {
    public static final int DEFAULT_MAX_MESSAGES = 50;
    public static final int DEFAULT_MAX_TOKENS = 6_000;
    public static final long DEFAULT_MAX_CACHED_THREADS = 10_000;
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
    public static final int DEFAULT_LOAD_LIMIT = 200;

    private final ThreadHistory history;
    private final int maxMessages;
    private final int maxTokens;
    private final Cache<Key, List<ThreadMessage>> cache;
    private final Cache<Key, ThreadContext> contexts;
    private final ThreadSummarizer summarizer;
    private final ThreadSummaryStore summaries;
    private final int loadLimit;

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
        Caffeine<Object, Object> contextCaffeine =
                Caffeine.newBuilder().maximumSize(b.maxCachedThreads).expireAfterWrite(b.cacheTtl);
        if (b.ticker != null) {
            contextCaffeine.ticker(b.ticker);
        }
        this.contexts = contextCaffeine.build();
        this.summarizer = b.summarizer;
        this.summaries = b.summaries;
        this.loadLimit = Math.max(b.loadLimit, b.maxMessages);
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
        Key key = new Key(caller.workspaceId(), caller.conversationId());
        cache.invalidate(key);
        contexts.invalidate(key);
    }

    /**
     * The conversation as a model should be given it: the newest messages that fit the bounds, and the running
     * summary of the older ones when there are any. Summarising happens here, when messages have fallen out since
     * the last summary; then the older half of what is left is folded in too, so the next messages fit without
     * another summary for a while.
     */
    public ThreadContext context(Caller caller) {
        Objects.requireNonNull(caller, "caller");
        Key key = new Key(caller.workspaceId(), caller.conversationId());
        return contexts.get(key, k -> summarised(caller, history.load(caller, loadLimit)));
    }

    private ThreadContext summarised(Caller caller, List<ThreadMessage> loaded) {
        Optional<ThreadSummary> stored = summaries.load(caller.workspaceId(), caller.conversationId());
        List<ThreadMessage> unsummarised = new ArrayList<>();
        for (ThreadMessage m : loaded) {
            if (stored.isEmpty() || m.at().isAfter(stored.get().coveredUntil())) {
                unsummarised.add(m);
            }
        }
        int summaryTokens = stored.map(s -> Normalizer.tokens(s.text()) + 8).orElse(0);
        if (fits(unsummarised, maxMessages, maxTokens - summaryTokens)) {
            return new ThreadContext(stored.map(ThreadSummary::text), unsummarised);
        }
        // Keep the newest half of the budget in full; fold everything older into the summary.
        List<ThreadMessage> recent = newest(unsummarised, Math.max(1, maxMessages / 2), maxTokens / 2);
        List<ThreadMessage> older = unsummarised.subList(0, unsummarised.size() - recent.size());
        if (older.isEmpty()) {
            return new ThreadContext(stored.map(ThreadSummary::text), recent);
        }
        Optional<String> previous = stored.map(ThreadSummary::text);
        int covered = stored.map(ThreadSummary::messages).orElse(0) + older.size();
        String text;
        try {
            // A key or password someone pasted in the thread is not kept in the stored summary.
            text = Redacted.text(summarizer.summarize(previous, older));
        } catch (RuntimeException e) {
            // Not summarised this time: say what is left out rather than leave it out silently
            String note = covered + " earlier messages of this thread are not shown.";
            return new ThreadContext(
                    Optional.of(previous.map(p -> p + " " + note).orElse(note)), recent);
        }
        ThreadSummary summary = new ThreadSummary(
                caller.workspaceId(),
                caller.conversationId(),
                text,
                older.getLast().at(),
                covered);
        try {
            summaries.save(summary);
        } catch (RuntimeException e) {
            // the summary still serves this context; the next one makes it again
        }
        return new ThreadContext(Optional.of(text), recent);
    }

    private static boolean fits(List<ThreadMessage> messages, int maxCount, int maxTok) {
        if (messages.size() > maxCount) {
            return false;
        }
        int tokens = 0;
        for (ThreadMessage m : messages) {
            tokens += Normalizer.tokens(m.text()) + 4;
        }
        return tokens <= maxTok;
    }

    private static List<ThreadMessage> newest(List<ThreadMessage> messages, int maxCount, int maxTok) {
        List<ThreadMessage> newestFirst = new ArrayList<>();
        int tokens = 0;
        for (int i = messages.size() - 1; i >= 0 && newestFirst.size() < maxCount; i--) {
            ThreadMessage m = messages.get(i);
            int cost = Normalizer.tokens(m.text()) + 4;
            if (tokens + cost > maxTok && !newestFirst.isEmpty()) {
                break;
            }
            tokens += cost;
            newestFirst.add(m);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
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
        private ThreadSummarizer summarizer = ThreadSummarizer.omissionNote();
        private ThreadSummaryStore summaries = ThreadSummaryStore.inMemory();
        private int loadLimit = DEFAULT_LOAD_LIMIT;

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

        /**
         * What folds older messages into a thread's running summary; {@link ThreadSummarizer#omissionNote()} by
         * default (says how many are left out), {@link ThreadSummarizer#model} in the bot.
         */
        public Builder summarizer(ThreadSummarizer summarizer) {
            this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
            return this;
        }

        /** Where running summaries are kept; {@link ThreadSummaryStore#inMemory()} by default. */
        public Builder summaries(ThreadSummaryStore summaries) {
            this.summaries = Objects.requireNonNull(summaries, "summaries");
            return this;
        }

        /** How many of a thread's newest messages {@link #context} reads from the platform to summarise. */
        public Builder loadLimit(int loadLimit) {
            this.loadLimit = atLeast(loadLimit, 1, "loadLimit");
            return this;
        }

        public ThreadMemory build() {
            return new ThreadMemory(this);
        }
    }
}

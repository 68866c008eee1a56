package dev.lucy.memory.spi;

import dev.lucy.memory.ThreadSummary;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where running thread summaries are kept, so a summary is made once and then extended, not made again for every
 * message. The default, {@link #inMemory()}, keeps them in this process; {@code JdbcThreadSummaryStore} in lucy-store
 * keeps them in the database. Implementations are thread safe and block.
 */
public interface ThreadSummaryStore {

    /** The summary of the conversation, if one was made. */
    Optional<ThreadSummary> load(String workspaceId, String conversationId);

    /** Keeps {@code summary} in place of the conversation's previous one. */
    void save(ThreadSummary summary);

    /** Summaries kept in this process's memory, lost when it stops. */
    static ThreadSummaryStore inMemory() {
        ConcurrentHashMap<String, ThreadSummary> summaries = new ConcurrentHashMap<>();
        return new ThreadSummaryStore() {
            @Override
            public Optional<ThreadSummary> load(String workspaceId, String conversationId) {
                return Optional.ofNullable(summaries.get(workspaceId + "\n" + conversationId));
            }

            @Override
            public void save(ThreadSummary summary) {
                summaries.put(summary.workspaceId() + "\n" + summary.conversationId(), summary);
            }
        };
    }
}

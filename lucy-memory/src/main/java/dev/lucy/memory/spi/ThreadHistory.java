package dev.lucy.memory.spi;

import dev.lucy.core.Caller;
import dev.lucy.memory.ThreadMessage;
import java.util.List;

/**
 * Loads a conversation's history from the platform (Slack's {@code conversations.replies} in lucy-app). Thread
 * memory caches what it returns. Implementations block, are thread safe, and fail with a
 * {@link dev.lucy.core.LucyException} when the platform cannot be reached.
 */
@FunctionalInterface
public interface ThreadHistory {

    /** The newest messages of {@code caller}'s conversation, at most {@code limit}, oldest first. */
    List<ThreadMessage> load(Caller caller, int limit);

    /** No history: every conversation starts empty. */
    static ThreadHistory none() {
        return (caller, limit) -> List.of();
    }
}

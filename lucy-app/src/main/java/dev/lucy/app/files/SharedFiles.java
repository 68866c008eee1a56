package dev.lucy.app.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files came with which message, from the platform's event to the run that reads them: names, types and
 * addresses only, never content, kept in this process for a day, with the last few of each conversation for its
 * follow-up questions. A run started after a restart finds nothing here and answers from the message's text. Thread
 * safe.
 */
public final class SharedFiles {
    private final Cache<String, List<FileRef>> files = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();
    private final Cache<String, List<Shared>> threads = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();

    /** Files of one conversation kept in reach of its follow-ups. */
    public static final int MAX_PER_THREAD = 5;

    /** Records the files of the message {@code messageId} in {@code conversationId}; no files records nothing. */
    public void shared(String conversationId, String messageId, List<FileRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        files.put(key(conversationId, messageId), List.copyOf(refs));
        threads.asMap().compute(conversationId, (id, earlier) -> {
            List<Shared> all = new ArrayList<>(earlier == null ? List.of() : earlier);
            if (all.stream().noneMatch(s -> s.messageId().equals(messageId))) {
                refs.forEach(ref -> all.add(new Shared(messageId, ref)));
            }
            // the latest few: a thread that shares many files keeps its newest ones in reach
            return List.copyOf(all.subList(Math.max(0, all.size() - MAX_PER_THREAD), all.size()));
        });
    }

    /**
     * The files shared in {@code conversationId} by messages other than {@code messageId}, oldest first, at most
     * {@value #MAX_PER_THREAD}: a follow-up question in a thread is about them too.
     */
    public List<FileRef> earlierIn(String conversationId, String messageId) {
        List<Shared> all = threads.getIfPresent(conversationId);
        if (all == null) {
            return List.of();
        }
        return all.stream()
                .filter(s -> !s.messageId().equals(messageId))
                .map(Shared::file)
                .toList();
    }

    private record Shared(String messageId, FileRef file) {}

    /** The files of a message; empty when it had none or they are no longer known. */
    public List<FileRef> of(String conversationId, String messageId) {
        List<FileRef> refs = files.getIfPresent(key(conversationId, messageId));
        return refs == null ? List.of() : refs;
    }

    private static String key(String conversationId, String messageId) {
        return conversationId + "|" + messageId;
    }
}

package dev.lucy.app.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;

/**
 * Which files came with which message, from the platform's event to the run that reads them: names, types and
 * addresses only, never content, kept in this process for a day. A run started after a restart finds nothing here
 * and answers from the message's text. Thread safe.
 */
public final class SharedFiles {
    private final Cache<String, List<FileRef>> files = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofDays(1))
            .build();

    /** Records the files of the message {@code messageId} in {@code conversationId}; no files records nothing. */
    public void shared(String conversationId, String messageId, List<FileRef> refs) {
        if (!refs.isEmpty()) {
            files.put(key(conversationId, messageId), List.copyOf(refs));
        }
    }

    /** The files of a message; empty when it had none or they are no longer known. */
    public List<FileRef> of(String conversationId, String messageId) {
        List<FileRef> refs = files.getIfPresent(key(conversationId, messageId));
        return refs == null ? List.of() : refs;
    }

    /** Forgets the files of a message once its run has read them. */
    public void done(String conversationId, String messageId) {
        files.invalidate(key(conversationId, messageId));
    }

    private static String key(String conversationId, String messageId) {
        return conversationId + "|" + messageId;
    }
}

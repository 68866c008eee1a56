package dev.lucy.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a fact came from.
 *
 * @param userId who said it
 * @param conversationId where it was said (the thread)
 * @param at when it was said
 */
public record Source(String userId, String conversationId, Instant at) {
    public Source {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(at, "at");
    }
}

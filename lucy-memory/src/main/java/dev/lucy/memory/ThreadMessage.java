package dev.lucy.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a conversation as the platform has it.
 *
 * @param userId who wrote it
 * @param text what it says
 * @param at when it was posted
 * @param fromAssistant whether Lucy wrote it
 */
public record ThreadMessage(String userId, String text, Instant at, boolean fromAssistant) {
    public ThreadMessage {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}

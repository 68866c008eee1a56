package dev.lucy.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * The running summary of a conversation's older messages: what no longer fits in the history a model is given.
 *
 * @param workspaceId the workspace
 * @param conversationId the conversation
 * @param text the summary
 * @param coveredUntil when the newest message it covers was posted; later messages are not in it
 * @param messages how many messages it covers in all
 */
public record ThreadSummary(
        String workspaceId, String conversationId, String text, Instant coveredUntil, int messages) {
    public ThreadSummary {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(coveredUntil, "coveredUntil");
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1: " + messages);
        }
    }
}

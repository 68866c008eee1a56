package dev.lucy.core;

import java.util.Objects;

/**
 * Who a piece of work is for: the workspace (tenant), the person, and the conversation (a thread).
 * Every store and SPI call that touches tenant data takes one, so no query path can cross workspaces.
 */
public record Caller(String workspaceId, String userId, String conversationId) {
    public Caller {
        requireText(workspaceId, "workspaceId");
        requireText(userId, "userId");
        requireText(conversationId, "conversationId");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

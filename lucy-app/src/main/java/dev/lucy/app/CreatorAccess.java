package dev.lucy.app;

import java.util.Optional;

/**
 * Whether the person who made a schedule can still act: checked before each run, and a schedule whose creator cannot
 * is paused, its conversation told why (or, when the channel is what is out of reach, its creator in a direct
 * message). {@link #unchecked()} is the default (everyone can); on Slack the app asks
 * {@code users.info} (a deactivated or unknown account cannot). Blocks; a lookup that fails answers "can".
 */
@FunctionalInterface
public interface CreatorAccess {
    /** Why {@code userId} can no longer act in {@code workspaceId}, in words for the conversation; empty if they can. */
    Optional<String> lost(String workspaceId, String userId);

    /**
     * Why the schedule's channel {@code conversationId} is out of reach for {@code userId}'s runs, in words for a
     * direct message to them: they are no longer a member, the channel was archived or deleted, Lucy was removed from
     * it. Empty when it is in reach, and when it could not be checked. The default: always in reach.
     */
    default Optional<String> lostChannel(String workspaceId, String userId, String conversationId) {
        return Optional.empty();
    }

    static CreatorAccess unchecked() {
        return (workspaceId, userId) -> Optional.empty();
    }
}

package dev.lucy.app;

import java.util.Optional;

/**
 * Whether the person who made a schedule can still act: checked before each run, and a schedule whose creator cannot
 * is paused, its conversation told why. {@link #unchecked()} is the default (everyone can); on Slack the app asks
 * {@code users.info} (a deactivated or unknown account cannot). Blocks; a lookup that fails answers "can".
 */
@FunctionalInterface
public interface CreatorAccess {
    /** Why {@code userId} can no longer act in {@code workspaceId}, in words for the conversation; empty if they can. */
    Optional<String> lost(String workspaceId, String userId);

    static CreatorAccess unchecked() {
        return (workspaceId, userId) -> Optional.empty();
    }
}

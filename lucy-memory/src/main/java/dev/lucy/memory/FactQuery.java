package dev.lucy.memory;

import java.util.Objects;
import java.util.Optional;

/**
 * Which facts of one workspace to list, newest first. Immutable; start with {@link #workspace(String)}.
 *
 * @param workspaceId the workspace; required, queries never cross workspaces
 * @param visibleTo when set, leaves out other users' personal facts
 * @param owner when set, only this user's personal facts
 * @param sourceUser when set, only facts this user stated
 * @param tier when set, only this tier
 * @param includeHistory whether superseded facts are listed too
 * @param limit the most facts returned
 */
public record FactQuery(
        String workspaceId,
        Optional<String> visibleTo,
        Optional<String> owner,
        Optional<String> sourceUser,
        Optional<Tier> tier,
        boolean includeHistory,
        int limit) {

    public static final int DEFAULT_LIMIT = 1_000;

    public FactQuery {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(visibleTo, "visibleTo");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sourceUser, "sourceUser");
        Objects.requireNonNull(tier, "tier");
        if (workspaceId.isBlank()) {
            throw new IllegalArgumentException("workspaceId must not be blank");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /** The facts that hold now in {@code workspaceId}, up to {@value #DEFAULT_LIMIT}. */
    public static FactQuery workspace(String workspaceId) {
        return new FactQuery(
                workspaceId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                DEFAULT_LIMIT);
    }

    public FactQuery visibleTo(String userId) {
        return new FactQuery(workspaceId, Optional.of(userId), owner, sourceUser, tier, includeHistory, limit);
    }

    public FactQuery ownedBy(String userId) {
        return new FactQuery(workspaceId, visibleTo, Optional.of(userId), sourceUser, tier, includeHistory, limit);
    }

    public FactQuery statedBy(String userId) {
        return new FactQuery(workspaceId, visibleTo, owner, Optional.of(userId), tier, includeHistory, limit);
    }

    public FactQuery tier(Tier tier) {
        return new FactQuery(workspaceId, visibleTo, owner, sourceUser, Optional.of(tier), includeHistory, limit);
    }

    public FactQuery withHistory() {
        return new FactQuery(workspaceId, visibleTo, owner, sourceUser, tier, true, limit);
    }

    public FactQuery limit(int limit) {
        return new FactQuery(workspaceId, visibleTo, owner, sourceUser, tier, includeHistory, limit);
    }
}

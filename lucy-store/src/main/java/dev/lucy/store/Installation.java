package dev.lucy.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Lucy installed in one Slack workspace: the bot's user id there and the token it acts with. With token rotation
 * turned on, the bot token expires at {@link #expiresAt()} and the {@link #refreshToken()} buys a new one.
 *
 * @param workspaceId the workspace (Slack's team id, {@code T…})
 * @param botUserId the bot's user id in that workspace
 * @param botToken the bot token ({@code xoxb-…}, or {@code xoxe.xoxb-…} when rotating)
 * @param refreshToken present when the app rotates its tokens
 * @param expiresAt when the bot token stops working; present when the app rotates its tokens
 * @param scopes the scopes granted, comma separated as Slack lists them
 * @param installedAt when the workspace installed Lucy (or the token was first seen)
 */
public record Installation(
        String workspaceId,
        String botUserId,
        String botToken,
        Optional<String> refreshToken,
        Optional<Instant> expiresAt,
        String scopes,
        Instant installedAt) {

    public Installation {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(botUserId, "botUserId");
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(installedAt, "installedAt");
        if (workspaceId.isBlank() || botToken.isBlank()) {
            throw new IllegalArgumentException("an installation needs a workspace id and a bot token");
        }
    }

    /** The same installation with a refreshed token. */
    public Installation rotated(String botToken, Optional<String> refreshToken, Optional<Instant> expiresAt) {
        return new Installation(workspaceId, botUserId, botToken, refreshToken, expiresAt, scopes, installedAt);
    }

    /** Never the tokens. */
    @Override
    public String toString() {
        return "Installation[" + workspaceId + ", bot " + botUserId
                + expiresAt.map(at -> ", expires " + at).orElse("") + "]";
    }
}

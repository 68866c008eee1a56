package dev.lucy.app.slack;

import dev.lucy.app.settings.Managers;
import java.util.Objects;

/**
 * Who manages what on Slack, for {@code /lucy config}. Slack has no public API for a channel's managers, so a channel
 * is managed by the person who created it ({@code creator} in {@code conversations.info}) and by the workspace's
 * admins and owners ({@code users.info}); a direct message by the people in it (a slash command there is run by one
 * of them). Both lookups are asked each time (a change is rare, and a revoked admin must not keep the power); a
 * lookup that fails answers false. Thread safe, blocking.
 */
public final class SlackManagers implements Managers {
    private final SlackUsers users;
    private final SlackChannels channels;

    public SlackManagers(SlackUsers users, SlackChannels channels) {
        this.users = Objects.requireNonNull(users, "users");
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    @Override
    public boolean managesWorkspace(String workspaceId, String userId) {
        return users.isAdmin(workspaceId, userId);
    }

    @Override
    public boolean managesChannel(String workspaceId, String channelId, String userId) {
        if (channelId.startsWith("D")) {
            return true;
        }
        return channels.creatorOf(channelId).filter(userId::equals).isPresent() || users.isAdmin(workspaceId, userId);
    }
}

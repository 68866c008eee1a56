package dev.lucy.app.settings;

/**
 * Who may change settings: a workspace's admins its own, a channel's managers the channel's. Blocking (a platform may
 * ask its API); a lookup that fails answers false. {@link #nobody()} is the default; on Slack, workspace admins and
 * owners ({@code users.info}) manage the workspace and every channel, and a channel's creator
 * ({@code conversations.info}) manages that channel (Slack has no public API for its channel managers).
 */
public interface Managers {
    /** Whether {@code userId} may change {@code workspaceId}'s own settings. */
    boolean managesWorkspace(String workspaceId, String userId);

    /** Whether {@code userId} may change the settings of {@code channelId} in {@code workspaceId}. */
    boolean managesChannel(String workspaceId, String channelId, String userId);

    /** Nobody may change anything. */
    static Managers nobody() {
        return new Managers() {
            @Override
            public boolean managesWorkspace(String workspaceId, String userId) {
                return false;
            }

            @Override
            public boolean managesChannel(String workspaceId, String channelId, String userId) {
                return false;
            }
        };
    }

    /** Everyone may change everything: a console or a demo, where the one person at the keyboard runs Lucy. */
    static Managers everyone() {
        return new Managers() {
            @Override
            public boolean managesWorkspace(String workspaceId, String userId) {
                return true;
            }

            @Override
            public boolean managesChannel(String workspaceId, String channelId, String userId) {
                return true;
            }
        };
    }
}

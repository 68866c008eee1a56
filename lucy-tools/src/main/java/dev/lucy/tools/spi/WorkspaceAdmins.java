package dev.lucy.tools.spi;

/**
 * Who administers a workspace, so that their "always allow" holds for everyone there; anyone else's holds for their
 * own calls only. lucy-app asks Slack ({@code users.info}: admins and owners of the workspace itself). Blocks; thread
 * safe; a lookup that fails answers {@code false}. {@link #none()} is the default: nobody, so every "always allow"
 * is personal.
 */
@FunctionalInterface
public interface WorkspaceAdmins {

    boolean isAdmin(String workspaceId, String userId);

    /** Nobody is an admin. */
    static WorkspaceAdmins none() {
        return (workspaceId, userId) -> false;
    }
}

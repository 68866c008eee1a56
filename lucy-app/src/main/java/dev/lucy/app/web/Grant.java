package dev.lucy.app.web;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a signed-in person may see: every workspace (an operator, signed in with the link Lucy printed or the configured
 * token) or the workspaces listed (a workspace admin, as {@link SlackSignIn} grants: the seam is
 * {@link Sessions#open(Grant)}, which any sign-in method calls once it knows who the person is). Every page and action
 * checks {@link #allows(String)}. Immutable.
 *
 * @param who whom the console names in its audit entries ({@code operator}, or a Slack user id)
 * @param allWorkspaces whether every workspace is allowed
 * @param workspaces the workspaces allowed when not all are
 */
public record Grant(String who, boolean allWorkspaces, Set<String> workspaces) {
    public Grant {
        Objects.requireNonNull(who, "who");
        workspaces = Set.copyOf(workspaces);
    }

    /** Everything: the operator running Lucy. */
    public static Grant operator() {
        return new Grant("operator", true, Set.of());
    }

    /** Only {@code workspaces}, for {@code who}. */
    public static Grant of(String who, Set<String> workspaces) {
        return new Grant(who, false, workspaces);
    }

    public boolean allows(String workspaceId) {
        return allWorkspaces || workspaces.contains(workspaceId);
    }

    /** The workspaces of {@code known} this grant allows, in their order. */
    public List<String> visible(Collection<String> known) {
        return known.stream().filter(this::allows).distinct().toList();
    }
}

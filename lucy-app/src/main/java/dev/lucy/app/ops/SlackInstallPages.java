package dev.lucy.app.ops;

import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackWorkspaces;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two pages of Slack's OAuth v2 install flow on Lucy's HTTP endpoint: {@link SlackOAuthConfig#INSTALL_PATH} sends
 * the browser to Slack's authorize page with a fresh single-use state, and {@link SlackOAuthConfig#REDIRECT_PATH}
 * takes it back, exchanges the code and says in a sentence what happened.
 */
public final class SlackInstallPages {
    private SlackInstallPages() {}

    /** Adds both pages to {@code ops}. */
    public static OpsServer.Builder install(OpsServer.Builder ops, SlackWorkspaces workspaces) {
        Objects.requireNonNull(workspaces, "workspaces");
        return ops.page(SlackOAuthConfig.INSTALL_PATH, uri -> start(workspaces))
                .page(SlackOAuthConfig.REDIRECT_PATH, uri -> callback(workspaces, uri));
    }

    static OpsServer.Page start(SlackWorkspaces workspaces) {
        return workspaces
                .installLink()
                .map(OpsServer.Page::redirect)
                .orElseGet(() -> OpsServer.Page.sentence(
                        404, "Not available", "Installing Lucy into a workspace is not set up here."));
    }

    static OpsServer.Page callback(SlackWorkspaces workspaces, URI request) {
        Map<String, String> query = OpsServer.Page.query(request);
        return switch (workspaces.complete(
                query.get("state"), Optional.ofNullable(query.get("code")), Optional.ofNullable(query.get("error")))) {
            case SlackWorkspaces.Installed installed ->
                OpsServer.Page.sentence(
                        200,
                        "Lucy is installed",
                        "Lucy is now part of " + OpsServer.Page.escape(installed.workspaceName())
                                + ". Mention @Lucy in a channel or"
                                + " write to it directly. You can close this tab and go back to Slack.");
            case SlackWorkspaces.Failed failed ->
                OpsServer.Page.sentence(400, "Not installed", OpsServer.Page.escape(failed.message()));
        };
    }
}

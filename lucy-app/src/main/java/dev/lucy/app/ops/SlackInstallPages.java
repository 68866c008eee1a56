package dev.lucy.app.ops;

import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackWorkspaces;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
                .orElseGet(() -> page(404, "Not available", "Installing Lucy into a workspace is not set up here."));
    }

    static OpsServer.Page callback(SlackWorkspaces workspaces, URI request) {
        Map<String, String> query = query(request);
        return switch (workspaces.complete(
                query.get("state"), Optional.ofNullable(query.get("code")), Optional.ofNullable(query.get("error")))) {
            case SlackWorkspaces.Installed installed ->
                page(
                        200,
                        "Lucy is installed",
                        "Lucy is now part of " + escape(installed.workspaceName()) + ". Mention @Lucy in a channel or"
                                + " write to it directly. You can close this tab and go back to Slack.");
            case SlackWorkspaces.Failed failed -> page(400, "Not installed", escape(failed.message()));
        };
    }

    private static OpsServer.Page page(int status, String title, String sentence) {
        return OpsServer.Page.html(
                status,
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lucy: " + title
                        + "</title></head><body><h1>" + title + "</h1><p>" + sentence + "</p></body></html>");
    }

    private static Map<String, String> query(URI request) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = request.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.lucy.app.ops;

import dev.lucy.tools.McpOAuth;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two pages of a person's MCP sign-in on Lucy's HTTP endpoint: {@link McpOAuth#START_PATH} sends the browser on to
 * the authorization server (the link {@code /lucy connect NAME} answers with), and {@link McpOAuth#CALLBACK_PATH}
 * takes it back, completes the sign-in and says in a sentence what happened.
 */
public final class McpSignInPages {
    private McpSignInPages() {}

    /** Adds both pages to {@code ops}. */
    public static OpsServer.Builder install(OpsServer.Builder ops, McpOAuth oauth) {
        Objects.requireNonNull(oauth, "oauth");
        return ops.page(McpOAuth.START_PATH, uri -> start(oauth, uri))
                .page(McpOAuth.CALLBACK_PATH, uri -> callback(oauth, uri));
    }

    static OpsServer.Page start(McpOAuth oauth, URI request) {
        Optional<URI> to =
                oauth.authorizationRedirect(OpsServer.Page.query(request).get("state"));
        return to.map(OpsServer.Page::redirect)
                .orElseGet(() -> OpsServer.Page.sentence(
                        410,
                        "This link has expired",
                        "Sign-in links work for ten minutes. Run <code>/lucy connect</code> in Slack again for a new"
                                + " one."));
    }

    static OpsServer.Page callback(McpOAuth oauth, URI request) {
        Map<String, String> query = OpsServer.Page.query(request);
        McpOAuth.Completed done = oauth.complete(
                query.get("state"), Optional.ofNullable(query.get("code")), Optional.ofNullable(query.get("error")));
        return switch (done) {
            case McpOAuth.Connected connected ->
                OpsServer.Page.sentence(
                        200,
                        "Connected",
                        "Lucy can now use "
                                + OpsServer.Page.escape(connected.key().server()) + " for you. You can close this tab"
                                + " and go back to Slack.");
            case McpOAuth.Failed failed ->
                OpsServer.Page.sentence(400, "Not connected", OpsServer.Page.escape(failed.message()));
        };
    }
}

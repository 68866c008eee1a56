package dev.lucy.app.ops;

import dev.lucy.tools.McpOAuth;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
        Optional<URI> to = oauth.authorizationRedirect(query(request).get("state"));
        return to.map(OpsServer.Page::redirect)
                .orElseGet(() -> page(
                        410,
                        "This link has expired",
                        "Sign-in links work for ten minutes. Run <code>/lucy connect</code> in Slack again for a new"
                                + " one."));
    }

    static OpsServer.Page callback(McpOAuth oauth, URI request) {
        Map<String, String> query = query(request);
        McpOAuth.Completed done = oauth.complete(
                query.get("state"), Optional.ofNullable(query.get("code")), Optional.ofNullable(query.get("error")));
        return switch (done) {
            case McpOAuth.Connected connected ->
                page(
                        200,
                        "Connected",
                        "Lucy can now use " + escape(connected.key().server()) + " for you. You can close this tab"
                                + " and go back to Slack.");
            case McpOAuth.Failed failed -> page(400, "Not connected", escape(failed.message()));
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
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("`", "");
    }
}

package dev.lucy.app.slack;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Lucy is installed into more Slack workspaces through Slack's OAuth v2 flow, on Lucy's HTTP endpoint: the app's
 * client id and secret ({@code SLACK_CLIENT_ID}, {@code SLACK_CLIENT_SECRET}), the bot scopes it asks for, where
 * Slack's authorize page is, and how long an install link works.
 *
 * @param clientId the app's client id
 * @param clientSecret the app's client secret; never shown
 * @param scopes the bot scopes requested
 * @param authorizeUrl Slack's {@code https://slack.com/oauth/v2/authorize} (another address for a simulator)
 * @param stateTtl how long an install link works, once
 * @param refreshAhead with token rotation, how long before its expiry a token is refreshed
 * @param openIdUrl where "Sign in with Slack" (OpenID Connect) lives, {@code https://slack.com/openid/connect/}: its
 *     {@code authorize} page and its {@code keys} (another address for a simulator)
 */
public record SlackOAuthConfig(
        String clientId,
        String clientSecret,
        List<String> scopes,
        URI authorizeUrl,
        Duration stateTtl,
        Duration refreshAhead,
        URI openIdUrl) {
    /** Slack's authorize page. */
    public static final URI DEFAULT_AUTHORIZE_URL = URI.create("https://slack.com/oauth/v2/authorize");
    /** Where "Sign in with Slack" lives on Slack: {@code authorize} and {@code keys} under it. */
    public static final URI DEFAULT_OPENID_URL = URI.create("https://slack.com/openid/connect/");
    /** Where an install starts on Lucy's HTTP endpoint. */
    public static final String INSTALL_PATH = "/slack/install";
    /** Where Slack sends the browser back with a code. */
    public static final String REDIRECT_PATH = "/slack/oauth_redirect";

    public static final Duration DEFAULT_STATE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(10);
    /** The bot scopes Lucy's features use (the manifests in {@code slack/} list the same). */
    public static final List<String> DEFAULT_SCOPES = List.of(
            "app_mentions:read",
            "assistant:write",
            "channels:history",
            "channels:read",
            "chat:write",
            "commands",
            "files:read",
            "files:write",
            "groups:history",
            "groups:read",
            "im:history",
            "im:read",
            "im:write",
            "reactions:read",
            "reactions:write",
            "users:read");

    public SlackOAuthConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId: the app's client id (SLACK_CLIENT_ID) is required");
        }
        if (clientSecret.isBlank()) {
            throw new IllegalArgumentException(
                    "clientSecret: the app's client secret (SLACK_CLIENT_SECRET) is required");
        }
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        if (stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("stateTtl must be positive, was " + stateTtl);
        }
        Objects.requireNonNull(openIdUrl, "openIdUrl");
        if (refreshAhead.isNegative()) {
            throw new IllegalArgumentException("refreshAhead must not be negative, was " + refreshAhead);
        }
    }

    /** The defaults around a client id and secret. */
    public static SlackOAuthConfig of(String clientId, String clientSecret) {
        return new SlackOAuthConfig(
                clientId,
                clientSecret,
                DEFAULT_SCOPES,
                DEFAULT_AUTHORIZE_URL,
                DEFAULT_STATE_TTL,
                DEFAULT_REFRESH_AHEAD,
                DEFAULT_OPENID_URL);
    }

    public SlackOAuthConfig withAuthorizeUrl(URI authorizeUrl) {
        return new SlackOAuthConfig(clientId, clientSecret, scopes, authorizeUrl, stateTtl, refreshAhead, openIdUrl);
    }

    public SlackOAuthConfig withScopes(List<String> scopes) {
        return new SlackOAuthConfig(clientId, clientSecret, scopes, authorizeUrl, stateTtl, refreshAhead, openIdUrl);
    }

    /** The same app, with "Sign in with Slack" at {@code openIdUrl} (a simulator's). */
    public SlackOAuthConfig withOpenIdUrl(URI openIdUrl) {
        URI base = openIdUrl.toString().endsWith("/") ? openIdUrl : URI.create(openIdUrl + "/");
        return new SlackOAuthConfig(clientId, clientSecret, scopes, authorizeUrl, stateTtl, refreshAhead, base);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "SlackOAuthConfig[clientId=" + clientId + ", scopes=" + scopes + ", authorizeUrl=" + authorizeUrl + "]";
    }
}

package dev.lucy.app.slack;

import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How Lucy connects to Slack: Socket Mode (the default: an app-level token, no public URL) or HTTP (Slack posts
 * events to a URL Lucy serves, signed with the signing secret), and where the Web API is. Immutable; build with
 * {@link #builder()}, change with {@link #toBuilder()}. The constructor names the field it refuses.
 *
 * @param botToken the bot token ({@code xoxb-}) of the one workspace Lucy serves as it starts; absent when every workspace
 *     installs Lucy through OAuth (an app distributed by its install link has no single bot token)
 * @param appToken the app-level token ({@code xapp-}); present in Socket Mode
 * @param signingSecret the signing secret; present in HTTP mode
 * @param webApiUrl the Web API prefix, ending in {@code /}; default {@value #DEFAULT_WEB_API_URL}
 * @param httpPort the HTTP port; 0 takes a free one
 */
public record SlackTransportConfig(
        Mode mode,
        Optional<String> botToken,
        Optional<String> appToken,
        Optional<String> signingSecret,
        String webApiUrl,
        String httpHost,
        int httpPort,
        String httpPath,
        Duration pingInterval,
        boolean reconnectOnClose,
        Duration shutdownGrace) {
    /** How events reach Lucy. */
    public enum Mode {
        /** Lucy opens WebSockets to Slack ({@code SLACK_APP_TOKEN}). */
        SOCKET,
        /** Slack posts events to Lucy's HTTP endpoint ({@code SLACK_SIGNING_SECRET}). */
        HTTP
    }

    public static final String DEFAULT_WEB_API_URL = "https://slack.com/api/";
    public static final String DEFAULT_HTTP_PATH = "/slack/events";
    public static final int DEFAULT_HTTP_PORT = 3000;
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    /** Bolt's own session-monitor interval: a ping every 5 s, a new socket when no pong comes within 3 s. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public SlackTransportConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(botToken, "botToken");
        if (botToken.filter(token -> !token.startsWith("xoxb-")).isPresent()) {
            throw new IllegalArgumentException("botToken: a Slack bot token starts with xoxb-");
        }
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(signingSecret, "signingSecret");
        if (mode == Mode.SOCKET
                && appToken.filter(token -> token.startsWith("xapp-")).isEmpty()) {
            throw new IllegalArgumentException("appToken: Socket Mode needs an app-level token starting with xapp-");
        }
        if (mode == Mode.HTTP
                && signingSecret.filter(secret -> !secret.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("signingSecret: HTTP mode needs the app's signing secret");
        }
        Objects.requireNonNull(webApiUrl, "webApiUrl");
        try {
            URI uri = URI.create(webApiUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webApiUrl: not an http(s) URL: '" + webApiUrl + "'");
        }
        if (!webApiUrl.endsWith("/")) {
            webApiUrl = webApiUrl + "/";
        }
        if (httpHost == null || httpHost.isBlank()) {
            throw new IllegalArgumentException("httpHost must not be blank");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("httpPort must be between 0 and 65535, was " + httpPort);
        }
        if (httpPath == null || !httpPath.startsWith("/")) {
            throw new IllegalArgumentException("httpPath must start with /, was '" + httpPath + "'");
        }
        positive(pingInterval, "pingInterval");
        notNegative(shutdownGrace, "shutdownGrace");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.botToken = botToken.orElse(null);
        b.appToken = appToken.orElse(null);
        b.signingSecret = signingSecret.orElse(null);
        b.webApiUrl = webApiUrl;
        b.httpHost = httpHost;
        b.httpPort = httpPort;
        b.httpPath = httpPath;
        b.pingInterval = pingInterval;
        b.reconnectOnClose = reconnectOnClose;
        b.shutdownGrace = shutdownGrace;
        return b;
    }

    @Override
    public String toString() {
        // never the tokens or the secret
        return "SlackTransportConfig[mode=" + mode + ", webApiUrl=" + webApiUrl + ", http=" + httpHost + ":" + httpPort
                + httpPath + ", pingInterval=" + pingInterval + "]";
    }

    /** Builds a {@link SlackTransportConfig}; not thread safe. */
    public static final class Builder {
        private Mode mode = Mode.SOCKET;
        private String botToken;
        private String appToken;
        private String signingSecret;
        private String webApiUrl = DEFAULT_WEB_API_URL;
        private String httpHost = DEFAULT_HTTP_HOST;
        private int httpPort = DEFAULT_HTTP_PORT;
        private String httpPath = DEFAULT_HTTP_PATH;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private boolean reconnectOnClose;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {}

        /** Default {@link Mode#SOCKET}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The bot token ({@code xoxb-}) of the workspace Lucy serves from the start. Leave it out when every workspace
         * installs Lucy through OAuth ({@link dev.lucy.app.LucyApp.Builder#slackInstalls}).
         */
        public Builder botToken(String botToken) {
            this.botToken = botToken;
            return this;
        }

        /** Required in Socket Mode: the app-level token ({@code xapp-}) with {@code connections:write}. */
        public Builder appToken(String appToken) {
            this.appToken = appToken;
            return this;
        }

        /** Required in HTTP mode: the app's signing secret, which every request's signature is checked with. */
        public Builder signingSecret(String signingSecret) {
            this.signingSecret = signingSecret;
            return this;
        }

        /** The Web API prefix (a simulator's, in tests and the demo). Default {@value #DEFAULT_WEB_API_URL}. */
        public Builder webApiUrl(String webApiUrl) {
            this.webApiUrl = webApiUrl;
            return this;
        }

        /** The address the HTTP endpoint binds. Default {@value #DEFAULT_HTTP_HOST}. */
        public Builder httpHost(String httpHost) {
            this.httpHost = httpHost;
            return this;
        }

        /** The HTTP endpoint's port, 0 for a free one. Default {@value #DEFAULT_HTTP_PORT}. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** The path Slack posts to. Default {@value #DEFAULT_HTTP_PATH}. */
        public Builder httpPath(String httpPath) {
            this.httpPath = httpPath;
            return this;
        }

        /**
         * How often the open socket is pinged; without a pong within 3 s a new socket replaces it (half-open
         * sockets). Also how soon a dropped socket is replaced. Default 5 s.
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /**
         * Reconnect as soon as a socket closes, not only at the next ping. Default false, as in Bolt since 1.37:
         * Slack's servers rate-limit the immediate reconnects this causes.
         */
        public Builder reconnectOnClose(boolean reconnectOnClose) {
            this.reconnectOnClose = reconnectOnClose;
            return this;
        }

        /** How long stopping waits for requests in progress. Default 5 s. */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public SlackTransportConfig build() {
            return new SlackTransportConfig(
                    mode,
                    Optional.ofNullable(botToken),
                    Optional.ofNullable(appToken),
                    Optional.ofNullable(signingSecret),
                    webApiUrl,
                    httpHost,
                    httpPort,
                    httpPath,
                    pingInterval,
                    reconnectOnClose,
                    shutdownGrace);
        }
    }
}

package dev.lucy.app.config;

/** How Slack reaches Lucy. */
public enum SlackMode {
    /** Lucy opens a WebSocket to Slack (needs {@code SLACK_APP_TOKEN}); no public URL needed. The default. */
    SOCKET,
    /** Slack posts events to Lucy's HTTP endpoint (needs {@code SLACK_SIGNING_SECRET} and a public URL). */
    HTTP
}

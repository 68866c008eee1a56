package dev.lucy.slack;

/** What {@link SlackFormatter} produces for each message. */
public enum Target {
    /** The message {@code text} field in Slack's mrkdwn; no blocks. The default. */
    MRKDWN,
    /** Block Kit blocks (header, section, divider, context, rich_text, table) plus a mrkdwn fallback text. */
    BLOCKS,
    /** One Slack {@code markdown} block per message holding standard Markdown, which Slack renders itself. */
    MARKDOWN_BLOCK
}

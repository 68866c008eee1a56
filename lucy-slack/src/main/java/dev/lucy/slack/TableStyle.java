package dev.lucy.slack;

/** How Markdown tables are shown. */
public enum TableStyle {
    /**
     * The target's own table: a Block Kit {@code table} block for {@link Target#BLOCKS}, a Markdown pipe table for
     * {@link Target#MARKDOWN_BLOCK}, and an aligned monospace block for {@link Target#MRKDWN}, which has no tables.
     * A table too large for a table block falls back to monospace. The default.
     */
    NATIVE,
    /** Always an aligned monospace (code) block, for every target. */
    MONOSPACE
}

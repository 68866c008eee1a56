package dev.lucy.slack;

/**
 * What separates a mrkdwn emphasis marker from a letter or digit right next to it ({@code foo*bar*baz} or CJK
 * text), where Slack would otherwise not render the emphasis.
 */
public enum EmphasisSpacing {
    /** A zero-width space (U+200B): invisible in Slack. The default. */
    ZERO_WIDTH_SPACE("\u200B"),
    /** A plain space, for pipelines that turn a zero-width space into a question mark. */
    SPACE(" ");

    private final String separator;

    EmphasisSpacing(String separator) {
        this.separator = separator;
    }

    String separator() {
        return separator;
    }
}

package dev.lucy.slack;

/**
 * Slack emoji names (as {@code reactions.add} takes them, without colons) that Lucy uses to acknowledge
 * messages, show work in progress and flag failures.
 */
public final class SlackEmoji {

    /** Thanks and praise: acknowledged, nothing else to do. */
    public static final String SALUTING_FACE = "saluting_face";
    /** Pure agreement: "got it", "makes sense". */
    public static final String WHITE_CHECK_MARK = "white_check_mark";
    /** Approval: "lgtm", "ship it". */
    public static final String THUMBSUP = "thumbsup";
    /** A note worth keeping: "fyi", "heads up". */
    public static final String MEMO = "memo";
    /** Working on research or an investigation. */
    public static final String MAG = "mag";
    /** Working on creating, building or writing something. */
    public static final String HAMMER_AND_WRENCH = "hammer_and_wrench";
    /** Working on a deploy, ship or release. */
    public static final String ROCKET = "rocket";
    /** Working, with no more specific intent. */
    public static final String HOURGLASS_FLOWING_SAND = "hourglass_flowing_sand";

    /** The model did not answer in time. */
    public static final String STOPWATCH = "stopwatch";
    /** Too many requests: wait, then try again. */
    public static final String HOURGLASS = "hourglass";
    /** An outside service could not be reached. */
    public static final String ELECTRIC_PLUG = "electric_plug";
    /** A connection to a service is missing. */
    public static final String LINK = "link";
    /** The conversation is too long to take in at once. */
    public static final String SCROLL = "scroll";
    /** One of the steps failed. */
    public static final String WRENCH = "wrench";
    /** Busy: the request is queued or must be retried. */
    public static final String TRAFFIC_LIGHT = "vertical_traffic_light";
    /** Something unexpected went wrong. */
    public static final String WARNING = "warning";

    private SlackEmoji() {}
}

package dev.lucy.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How {@link SlackFormatter} renders: the target, the limits each message must respect and a few choices of
 * presentation. Immutable; build with {@link #builder()} or start from {@link #defaults()}. The constructor names the
 * field it refuses.
 *
 * <p>The limit defaults are Slack's own (see each constant); lower them to get shorter messages, never raise
 * them above Slack's, which the constructor refuses.
 *
 * @param target what to produce
 * @param tables how tables are shown
 * @param emphasisSpacing what keeps emphasis next to letters rendering
 * @param allowBroadcasts whether {@code <!here>}, {@code <!channel>}, {@code <!everyone>} may notify
 * @param allowGroupMentions whether user-group mentions ({@code <!subteam^S1|@eng>}) may notify the group
 * @param headingEmoji whether headings get a section emoji chosen by their meaning
 * @param linkAnchors whether bare URLs get readable anchor text
 * @param maxTextChars the longest message text, 500 to {@value #DEFAULT_MAX_TEXT_CHARS}
 * @param maxSectionChars the longest section block text, 500 to {@value #DEFAULT_MAX_SECTION_CHARS}, and no more
 *     than {@code maxBlockTextChars}
 * @param maxBlocks the most blocks in one message, 1 to {@value #DEFAULT_MAX_BLOCKS}
 * @param maxBlockTextChars the most block text in one message, 500 to 13,000
 * @param maxMarkdownChars the most markdown-block text in one message, 500 to {@value #DEFAULT_MAX_MARKDOWN_CHARS}
 * @param proseFilters filters applied, in order, to the Markdown prose before rendering; code is never shown to them
 */
public record FormatOptions(
        Target target,
        TableStyle tables,
        EmphasisSpacing emphasisSpacing,
        boolean allowBroadcasts,
        boolean allowGroupMentions,
        boolean headingEmoji,
        boolean linkAnchors,
        int maxTextChars,
        int maxSectionChars,
        int maxBlocks,
        int maxBlockTextChars,
        int maxMarkdownChars,
        List<UnaryOperator<String>> proseFilters) {
    /** Slack cuts a message {@code text} above 40,000 characters. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 40_000;
    /** A section block's text holds at most 3,000 characters. */
    public static final int DEFAULT_MAX_SECTION_CHARS = 3_000;
    /** A message holds at most 50 blocks. */
    public static final int DEFAULT_MAX_BLOCKS = 50;
    /** Slack answers {@code msg_blocks_too_long} from about 13,000 characters of block text; keep a margin. */
    public static final int DEFAULT_MAX_BLOCK_TEXT_CHARS = 12_000;
    /** All {@code markdown} blocks of one message together hold at most 12,000 characters. */
    public static final int DEFAULT_MAX_MARKDOWN_CHARS = 12_000;
    /** A header block holds at most 150 characters of plain text. */
    public static final int MAX_HEADER_CHARS = 150;

    static final int MIN_LIMIT = 500;

    public FormatOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(emphasisSpacing, "emphasisSpacing");
        limit("maxTextChars", maxTextChars, DEFAULT_MAX_TEXT_CHARS);
        limit("maxSectionChars", maxSectionChars, DEFAULT_MAX_SECTION_CHARS);
        if (maxBlocks < 1 || maxBlocks > DEFAULT_MAX_BLOCKS) {
            throw new IllegalArgumentException(
                    "maxBlocks must be between 1 and " + DEFAULT_MAX_BLOCKS + ", was " + maxBlocks);
        }
        limit("maxBlockTextChars", maxBlockTextChars, 13_000);
        limit("maxMarkdownChars", maxMarkdownChars, DEFAULT_MAX_MARKDOWN_CHARS);
        if (maxSectionChars > maxBlockTextChars) {
            throw new IllegalArgumentException("maxSectionChars (" + maxSectionChars
                    + ") must not exceed maxBlockTextChars (" + maxBlockTextChars + ")");
        }
        proseFilters = List.copyOf(proseFilters);
    }

    private static void limit(String field, int value, int max) {
        if (value < MIN_LIMIT || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + MIN_LIMIT + " and " + max + ", was " + value);
        }
    }

    /** mrkdwn text, native tables, broadcasts neutralised, heading emoji and link anchors on, Slack's limits. */
    public static FormatOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.target = target;
        b.tables = tables;
        b.emphasisSpacing = emphasisSpacing;
        b.allowBroadcasts = allowBroadcasts;
        b.allowGroupMentions = allowGroupMentions;
        b.headingEmoji = headingEmoji;
        b.linkAnchors = linkAnchors;
        b.maxTextChars = maxTextChars;
        b.maxSectionChars = maxSectionChars;
        b.maxBlocks = maxBlocks;
        b.maxBlockTextChars = maxBlockTextChars;
        b.maxMarkdownChars = maxMarkdownChars;
        b.proseFilters.addAll(proseFilters);
        return b;
    }

    @Override
    public String toString() {
        return "FormatOptions[target=" + target + ", tables=" + tables + ", emphasisSpacing=" + emphasisSpacing
                + ", allowBroadcasts=" + allowBroadcasts + ", allowGroupMentions=" + allowGroupMentions
                + ", headingEmoji=" + headingEmoji + ", linkAnchors="
                + linkAnchors + ", maxTextChars=" + maxTextChars + ", maxSectionChars=" + maxSectionChars
                + ", maxBlocks=" + maxBlocks + ", maxBlockTextChars=" + maxBlockTextChars + ", maxMarkdownChars="
                + maxMarkdownChars + ", proseFilters=" + proseFilters.size() + "]";
    }

    /** Builds {@link FormatOptions}; not thread safe. */
    public static final class Builder {
        private Target target = Target.MRKDWN;
        private TableStyle tables = TableStyle.NATIVE;
        private EmphasisSpacing emphasisSpacing = EmphasisSpacing.ZERO_WIDTH_SPACE;
        private boolean allowBroadcasts;
        private boolean allowGroupMentions;
        private boolean headingEmoji = true;
        private boolean linkAnchors = true;
        private int maxTextChars = DEFAULT_MAX_TEXT_CHARS;
        private int maxSectionChars = DEFAULT_MAX_SECTION_CHARS;
        private int maxBlocks = DEFAULT_MAX_BLOCKS;
        private int maxBlockTextChars = DEFAULT_MAX_BLOCK_TEXT_CHARS;
        private int maxMarkdownChars = DEFAULT_MAX_MARKDOWN_CHARS;
        private final List<UnaryOperator<String>> proseFilters = new ArrayList<>();

        private Builder() {}

        /** What to produce; default {@link Target#MRKDWN}. */
        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        /** How tables are shown; default {@link TableStyle#NATIVE}. */
        public Builder tables(TableStyle tables) {
            this.tables = tables;
            return this;
        }

        /** What keeps emphasis next to letters rendering; default {@link EmphasisSpacing#ZERO_WIDTH_SPACE}. */
        public Builder emphasisSpacing(EmphasisSpacing emphasisSpacing) {
            this.emphasisSpacing = emphasisSpacing;
            return this;
        }

        /** Whether {@code <!here>}, {@code <!channel>}, {@code <!everyone>} may notify; default false. */
        public Builder allowBroadcasts(boolean allowBroadcasts) {
            this.allowBroadcasts = allowBroadcasts;
            return this;
        }

        /**
         * Whether user-group mentions ({@code <!subteam^S1|@eng>}) may notify the whole group; default false, which
         * shows the group's name without notifying anyone.
         */
        public Builder allowGroupMentions(boolean allowGroupMentions) {
            this.allowGroupMentions = allowGroupMentions;
            return this;
        }

        /** Whether headings get a section emoji chosen by their meaning; default true. */
        public Builder headingEmoji(boolean headingEmoji) {
            this.headingEmoji = headingEmoji;
            return this;
        }

        /** Whether bare URLs get readable anchor text ("GitHub PR #42"); default true. */
        public Builder linkAnchors(boolean linkAnchors) {
            this.linkAnchors = linkAnchors;
            return this;
        }

        /** Longest message text; default {@value #DEFAULT_MAX_TEXT_CHARS}, at least 500. */
        public Builder maxTextChars(int maxTextChars) {
            this.maxTextChars = maxTextChars;
            return this;
        }

        /** Longest section block text; default {@value #DEFAULT_MAX_SECTION_CHARS}, at least 500. */
        public Builder maxSectionChars(int maxSectionChars) {
            this.maxSectionChars = maxSectionChars;
            return this;
        }

        /** Most blocks in one message; default {@value #DEFAULT_MAX_BLOCKS}, between 1 and 50. */
        public Builder maxBlocks(int maxBlocks) {
            this.maxBlocks = maxBlocks;
            return this;
        }

        /** Most block text in one message; default {@value #DEFAULT_MAX_BLOCK_TEXT_CHARS}, 500 to 13,000. */
        public Builder maxBlockTextChars(int maxBlockTextChars) {
            this.maxBlockTextChars = maxBlockTextChars;
            return this;
        }

        /** Most markdown-block text in one message; default {@value #DEFAULT_MAX_MARKDOWN_CHARS}, at least 500. */
        public Builder maxMarkdownChars(int maxMarkdownChars) {
            this.maxMarkdownChars = maxMarkdownChars;
            return this;
        }

        /**
         * Adds a filter run on the Markdown prose before rendering (tone, sanitising). Code spans and code blocks
         * are replaced by opaque placeholders while filters run and restored afterwards, so filters never see or
         * change code. Filters run in the order added.
         */
        public Builder addProseFilter(UnaryOperator<String> filter) {
            proseFilters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Replaces all prose filters. */
        public Builder proseFilters(List<? extends UnaryOperator<String>> filters) {
            Objects.requireNonNull(filters, "proseFilters");
            proseFilters.clear();
            filters.forEach(this::addProseFilter);
            return this;
        }

        public FormatOptions build() {
            return new FormatOptions(
                    target,
                    tables,
                    emphasisSpacing,
                    allowBroadcasts,
                    allowGroupMentions,
                    headingEmoji,
                    linkAnchors,
                    maxTextChars,
                    maxSectionChars,
                    maxBlocks,
                    maxBlockTextChars,
                    maxMarkdownChars,
                    proseFilters);
        }
    }
}

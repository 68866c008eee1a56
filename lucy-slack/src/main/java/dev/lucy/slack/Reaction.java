package dev.lucy.slack;

import java.util.Objects;

/**
 * What to do with an inbound message before any model call, as decided by {@link ReactionClassifier}.
 *
 * <p>Emoji are Slack emoji names without colons (see {@link SlackEmoji}). Switch over the three cases
 * exhaustively:
 *
 * <pre>{@code
 * switch (classifier.classify(text, awaitingReply)) {
 *     case Reaction.ReactOnly r -> port.react(r.emoji());
 *     case Reaction.ReactAndReply r -> { port.react(r.emoji()); run(r.workingEmoji()); }
 *     case Reaction.NoReaction r -> run(r.workingEmoji());
 * }
 * }</pre>
 */
public sealed interface Reaction {

    /**
     * Whether the message may hold something worth remembering. False only for pure acknowledgements
     * (thanks, agreement, approval), which must cause no memory write.
     */
    boolean considerForMemory();

    /**
     * React with {@code emoji} and do nothing else: no reply, no agent run.
     *
     * @param emoji the acknowledgement emoji
     * @param considerForMemory true for short notes ("fyi ...") that may still state a fact
     */
    record ReactOnly(String emoji, boolean considerForMemory) implements Reaction {
        public ReactOnly {
            requireEmoji(emoji, "emoji");
        }
    }

    /**
     * React with {@code emoji} at once, then reply (run the agent, or hand the message to the action the
     * thread is waiting on), showing {@code workingEmoji} while working.
     *
     * @param emoji the acknowledgement emoji added straight away
     * @param workingEmoji the emoji to show while working, by intent
     */
    record ReactAndReply(String emoji, String workingEmoji) implements Reaction {
        public ReactAndReply {
            requireEmoji(emoji, "emoji");
            requireEmoji(workingEmoji, "workingEmoji");
        }

        @Override
        public boolean considerForMemory() {
            return true;
        }
    }

    /**
     * No acknowledgement emoji; reply normally, showing {@code workingEmoji} while working.
     *
     * @param workingEmoji the emoji to show while working, by intent
     */
    record NoReaction(String workingEmoji) implements Reaction {
        public NoReaction {
            requireEmoji(workingEmoji, "workingEmoji");
        }

        @Override
        public boolean considerForMemory() {
            return true;
        }
    }

    private static void requireEmoji(String emoji, String field) {
        Objects.requireNonNull(emoji, field);
        if (emoji.isBlank() || emoji.indexOf(':') >= 0 || emoji.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(
                    field + ": a Slack emoji name without colons or spaces, got '" + emoji + "'");
        }
    }
}

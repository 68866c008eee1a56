package dev.lucy.testkit.slack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message as a Slack user would see it at the moment of the snapshot.
 *
 * @param channel the conversation id
 * @param ts the message timestamp, its id within the channel
 * @param threadTs the parent's ts for a thread reply, or the message's own ts when it is a thread parent
 * @param user the author's user id (bots post as their bot user)
 * @param botId set when an app posted the message
 * @param text the current text (for a streamed message, everything streamed so far)
 * @param blocks the current blocks as JSON, when the message has blocks
 * @param previousTexts earlier texts, oldest first; empty when never edited
 * @param reactions emoji name to the users who reacted, in the order they reacted
 * @param deleted true once the message was deleted
 * @param streaming true between {@code chat.startStream} and {@code chat.stopStream}
 * @param streamedChunks each piece of text streamed into the message, in order
 * @param fileIds files shared with the message
 * @param visibleTo set for an ephemeral message: the only user who sees it
 */
public record SlackMessage(
        String channel,
        String ts,
        Optional<String> threadTs,
        Optional<String> user,
        Optional<String> botId,
        String text,
        Optional<String> blocks,
        List<String> previousTexts,
        Map<String, List<String>> reactions,
        boolean deleted,
        boolean streaming,
        List<String> streamedChunks,
        List<String> fileIds,
        Optional<String> visibleTo) {

    public SlackMessage {
        previousTexts = List.copyOf(previousTexts);
        reactions = Map.copyOf(reactions);
        streamedChunks = List.copyOf(streamedChunks);
        fileIds = List.copyOf(fileIds);
    }

    /** True when an app posted it. */
    public boolean fromBot() {
        return botId.isPresent();
    }

    /** True for a reply inside a thread (not the thread's parent). */
    public boolean isReply() {
        return threadTs.isPresent() && !threadTs.get().equals(ts);
    }

    /** True when the text or blocks were changed after posting. */
    public boolean edited() {
        return !previousTexts.isEmpty();
    }

    /** True when only {@link #visibleTo()} sees it. */
    public boolean ephemeral() {
        return visibleTo.isPresent();
    }
}

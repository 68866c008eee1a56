package dev.lucy.app.slack;

import java.util.Objects;

/**
 * A Slack conversation as Lucy sees it: one thread in one channel. Its {@link #id()} is the opaque conversation
 * id the runtime and the stores key on, {@code CHANNEL:THREAD_TS}; a message outside any thread starts its own
 * thread, so its own {@code ts} is the thread's.
 *
 * @param channel the channel, group or IM id ({@code C…}, {@code G…}, {@code D…})
 * @param threadTs the {@code ts} of the thread's first message
 */
public record SlackConversation(String channel, String threadTs) {
    private static final char SEPARATOR = ':';

    public SlackConversation {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(threadTs, "threadTs");
        if (channel.isBlank() || channel.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("not a Slack channel id: '" + channel + "'");
        }
        if (threadTs.isBlank()) {
            throw new IllegalArgumentException("threadTs must not be blank");
        }
    }

    /** The conversation a message belongs to: its thread, or the thread it starts. */
    public static SlackConversation of(String channel, String ts, String threadTs) {
        return new SlackConversation(channel, threadTs == null || threadTs.isBlank() ? ts : threadTs);
    }

    /** Reads an id made by {@link #id()}. */
    public static SlackConversation parse(String conversationId) {
        int at = conversationId.indexOf(SEPARATOR);
        if (at <= 0 || at == conversationId.length() - 1) {
            throw new IllegalArgumentException("not a Slack conversation id: '" + conversationId + "'");
        }
        return new SlackConversation(conversationId.substring(0, at), conversationId.substring(at + 1));
    }

    /** The channel of a conversation id, or the id itself when it names a channel (or a person) without a thread. */
    public static String channelOf(String conversationId) {
        int at = conversationId.indexOf(SEPARATOR);
        return at < 0 ? conversationId : parse(conversationId).channel();
    }

    /** {@code CHANNEL:THREAD_TS}. */
    public String id() {
        return channel + SEPARATOR + threadTs;
    }

    /** Direct messages (and the assistant surface, which lives in them) have channel ids starting with D. */
    public boolean isDirectMessage() {
        return channel.startsWith("D");
    }
}

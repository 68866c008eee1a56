package dev.lucy.core.spi;

/**
 * Lucy's way out to a chat platform: post, edit and delete messages, react, show status, stream.
 *
 * <p>Implementations are thread safe and blocking; they absorb the platform's own rate limits (waiting and
 * retrying rather than failing) and report an undeliverable call by throwing a
 * {@link dev.lucy.core.LucyException}. Conversation and message ids are the platform's own, opaque to Lucy. What a
 * platform lacks degrades gracefully: the defaults below turn status into nothing and streaming into a posted
 * message edited in place. Slack implements this in lucy-app; tests use a recording fake.
 */
public interface ConversationPort {

    /** Posts {@code text} (Markdown) into the conversation and returns the new message's id. */
    String post(String conversationId, String text);

    /** Replaces the text of a message Lucy posted. */
    void update(String conversationId, String messageId, String text);

    /** Adds an emoji reaction (a name such as {@code white_check_mark}) to any message. */
    void react(String conversationId, String messageId, String emoji);

    /** Deletes a message Lucy posted. The default does nothing (the message stays). */
    default void delete(String conversationId, String messageId) {}

    /** Removes a reaction Lucy added. The default does nothing. */
    default void unreact(String conversationId, String messageId, String emoji) {}

    /** Shows a short working status for the conversation; an empty status clears it. The default does nothing. */
    default void setStatus(String conversationId, String status) {}

    /**
     * Starts a streamed answer and returns a handle to append to and finish. The default posts the first text
     * and edits the message in place as text is appended.
     */
    default Stream startStream(String conversationId, String initialText) {
        ConversationPort port = this;
        String messageId = post(conversationId, initialText.isEmpty() ? "…" : initialText);
        StringBuilder text = new StringBuilder(initialText);
        return new Stream() {
            @Override
            public void append(String markdown) {
                text.append(markdown);
                port.update(conversationId, messageId, text.toString());
            }

            @Override
            public String finish() {
                if (text.isEmpty()) {
                    port.update(conversationId, messageId, " ");
                }
                return messageId;
            }
        };
    }

    /** A streamed answer in progress. Used by one thread at a time. */
    interface Stream {
        void append(String markdown);

        /** Ends the stream and returns the id of the message that holds the answer. */
        String finish();
    }
}

package dev.lucy.core.spi;

import dev.lucy.core.Caller;
import java.util.Optional;

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

    /**
     * Posts {@code text} as the message that completes Lucy's answer to the event {@code eventId}, marked so that
     * {@link #answered} finds it: a process stopped between showing an answer and recording that it did is then
     * not followed by a second answer. The default posts it unmarked.
     */
    default String postAnswer(String conversationId, String eventId, String text) {
        return post(conversationId, text);
    }

    /** Replaces the text of a message Lucy posted with its answer to {@code eventId}, marked as by {@link #postAnswer}. */
    default void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        update(conversationId, messageId, text);
    }

    /**
     * Whether the conversation holds a message that completes Lucy's answer to {@code eventId} ({@link #postAnswer}).
     * A new attempt at an event that a stopped process may have answered asks first. The default keeps no marks
     * and says no, so such an event can be answered a second time.
     */
    default boolean answered(String conversationId, String eventId) {
        return false;
    }

    /** Adds an emoji reaction (a name such as {@code white_check_mark}) to any message. */
    void react(String conversationId, String messageId, String emoji);

    /**
     * Posts a message that shows progress and will be edited into the answer; empty when the platform, short of
     * capacity for edits, would rather the answer came as a message of its own. The default posts.
     */
    default Optional<String> postProgress(String conversationId, String text) {
        return Optional.of(post(conversationId, text));
    }

    /**
     * Adds the emoji that shows Lucy is working on a message: a first sign, which a platform short of capacity may
     * leave out, unlike {@link #react}. The default reacts.
     */
    default void showWorking(String conversationId, String messageId, String emoji) {
        react(conversationId, messageId, emoji);
    }

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
            public Optional<String> messageId() {
                return Optional.of(messageId);
            }

            @Override
            public String finish() {
                if (text.isEmpty()) {
                    port.update(conversationId, messageId, " ");
                }
                return messageId;
            }

            @Override
            public String finishAnswer(String eventId) {
                port.updateAnswer(conversationId, messageId, eventId, text.isEmpty() ? " " : text.toString());
                return messageId;
            }
        };
    }

    /**
     * Starts a streamed answer for {@code recipient}, the person it answers, in their conversation. A platform that
     * streams into shared channels only to a named person (Slack's {@code chat.startStream} outside direct messages)
     * uses the recipient's user and workspace; the default streams into the conversation without them.
     */
    default Stream startStream(Caller recipient, String initialText) {
        return startStream(recipient.conversationId(), initialText);
    }

    /** A streamed answer in progress. Used by one thread at a time. */
    interface Stream {
        void append(String markdown);

        /** Ends the stream and returns the id of the message that holds the answer. */
        String finish();

        /**
         * The message that shows the text so far, once there is one: what a later attempt at the same message removes
         * if this one stops before the answer is complete. The default knows of none.
         */
        default Optional<String> messageId() {
            return Optional.empty();
        }

        /**
         * Ends the stream as the complete answer to {@code eventId}, marked as by {@link #postAnswer}, and returns
         * the message's id. The default finishes it unmarked.
         */
        default String finishAnswer(String eventId) {
            return finish();
        }
    }
}

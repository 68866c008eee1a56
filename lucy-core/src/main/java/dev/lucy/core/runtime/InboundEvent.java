package dev.lucy.core.runtime;

import dev.lucy.core.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A message that reached Lucy from a chat platform, already stripped of the platform's envelope.
 *
 * @param eventId the platform's id for this delivery (Slack's {@code event_id}); redeliveries repeat it
 * @param caller the workspace, the author and the conversation (thread) it belongs to
 * @param messageId the platform's id of the message itself (Slack's {@code ts}); the same message delivered
 *     under another event id repeats it
 * @param text what the person wrote, with the mention of the bot removed
 * @param sentAt when the platform says the message was created
 */
public record InboundEvent(String eventId, Caller caller, String messageId, String text, Instant sentAt) {
    public InboundEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** The conversation (thread) this message belongs to. */
    public String conversationId() {
        return caller.conversationId();
    }
}

package dev.lucy.core.model;

import java.util.Objects;

/**
 * What one model call returned.
 *
 * @param model the model that actually answered (providers may route to another)
 * @param message the assistant message: text, tool calls, or both
 * @param finishReason why the model stopped
 * @param usage tokens consumed, {@link Usage#NONE} when the provider did not say
 */
public record ChatResponse(String model, Message.Assistant message, FinishReason finishReason, Usage usage) {
    public ChatResponse {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }

    /** True when the model produced neither text nor tool calls (for example empty content with {@code length}). */
    public boolean isEmpty() {
        return message.content().isBlank() && !message.hasToolCalls();
    }
}

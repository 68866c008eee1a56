package dev.lucy.core.runtime;

import dev.lucy.core.LucyException;

/**
 * A write a run tried after its replica lost the conversation's lease (it ran out during a long pause, or another
 * replica took over): refused, because another replica answers the conversation now. Not retriable.
 */
final class LeaseLostException extends LucyException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(String conversationId) {
        super(
                "this replica no longer holds the lease of conversation " + conversationId
                        + "; another replica answers there now",
                false);
    }
}

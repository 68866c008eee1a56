package dev.lucy.core.model;

/**
 * A chat-completions model: one blocking call, plus a streaming variant that can also report the call's own
 * events.
 *
 * <p>Implementations are thread safe and meant to be called from many virtual threads at once. A call blocks
 * until the whole answer is in; it honours thread interruption by failing with a {@link ModelException} of kind
 * {@link ModelFailure.Cancelled}. Every failure is a {@link ModelException} whose {@link ModelException#failure()}
 * says why, so callers decide on retry, fallback or giving up with an exhaustive switch.
 *
 * <p>The default implementation speaks the OpenAI-compatible HTTP API (OpenRouter, OpenAI, vLLM, Ollama, ...).
 */
public interface ChatModel {

    /** Sends the request and returns the complete answer. */
    ChatResponse chat(ChatRequest request);

    /**
     * Sends the request, reporting answer text to {@code listener} as it arrives, and returns the complete
     * answer. The default does not stream: it reports the whole text once at the end.
     */
    default ChatResponse chat(ChatRequest request, StreamListener listener) {
        ChatResponse response = chat(request);
        if (!response.message().content().isEmpty()) {
            listener.onTextDelta(response.message().content());
        }
        return response;
    }

    /**
     * Streams like {@link #chat(ChatRequest, StreamListener)} and reports this call's own retries, waits, fallbacks and
     * restarts to {@code events} as they happen (on the calling thread, in order). A model that makes no such moves
     * has nothing to report: the default ignores {@code events}. {@link ResilientChatModel} reports them.
     *
     * <p>A model may start a stream that broke over from the beginning; it then reports {@link
     * ModelEvent.StreamRestarted} before the new text, and the caller discards the text {@code listener} received
     * before it.
     */
    default ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
        return chat(request, listener);
    }
}

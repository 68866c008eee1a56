package dev.lucy.core.model;

/**
 * Receives text as a streaming model call produces it. Called on the thread that runs the call, in order;
 * must return quickly and must not throw.
 */
@FunctionalInterface
public interface StreamListener {
    /** A piece of answer text, in order. Tool-call fragments are not reported here. */
    void onTextDelta(String delta);

    /** A listener that ignores everything. */
    static StreamListener ignoring() {
        return delta -> {};
    }
}

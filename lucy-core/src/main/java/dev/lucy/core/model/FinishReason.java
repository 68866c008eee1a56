package dev.lucy.core.model;

/** Why the model stopped producing output. */
public enum FinishReason {
    /** A natural end of the answer. */
    STOP,
    /** The model wants tools called before it goes on. */
    TOOL_CALLS,
    /** The output hit the token limit; content may be cut or empty. */
    LENGTH,
    /** The provider withheld content. */
    CONTENT_FILTER,
    /** Anything else a provider reports. */
    OTHER;

    /** Maps the wire value ({@code stop}, {@code tool_calls}, {@code length}, ...) to a reason. */
    public static FinishReason fromWire(String value) {
        if (value == null) {
            return OTHER;
        }
        return switch (value) {
            case "stop" -> STOP;
            case "tool_calls", "function_call" -> TOOL_CALLS;
            case "length" -> LENGTH;
            case "content_filter" -> CONTENT_FILTER;
            default -> OTHER;
        };
    }
}

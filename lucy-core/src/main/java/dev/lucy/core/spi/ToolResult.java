package dev.lucy.core.spi;

import java.util.Objects;

/**
 * The outcome of one tool call, as the agent loop hands it back to the model. Expected failures are values,
 * never exceptions, so the model can act on them.
 */
public sealed interface ToolResult permits ToolResult.Success, ToolResult.Failure {

    /** The text the model will read as the tool's answer. */
    String content();

    static Success success(String content) {
        return new Success(content, false, false);
    }

    static Failure failure(ToolError error, String message) {
        return new Failure(error, message);
    }

    /**
     * The tool answered.
     *
     * @param content the answer, already compacted and capped
     * @param truncated whether the answer was cut to fit
     * @param hasMore whether the source has further pages the answer does not include
     */
    record Success(String content, boolean truncated, boolean hasMore) implements ToolResult {
        public Success {
            Objects.requireNonNull(content, "content");
        }

        /** True when the answer is not the whole story: cut, or one page of several. */
        public boolean partial() {
            return truncated || hasMore;
        }
    }

    /**
     * The tool did not answer; {@code message} tells the model what went wrong and what it can do about it.
     */
    record Failure(ToolError error, String message) implements ToolResult {
        public Failure {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String content() {
            return "error (" + error.wireName() + "): " + message;
        }
    }
}

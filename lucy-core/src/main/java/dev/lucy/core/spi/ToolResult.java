package dev.lucy.core.spi;

import dev.lucy.core.model.ToolNames;
import java.util.Collection;
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
     * The answer to a call that names no tool: the (up to three) closest of {@code valid}, and what to do instead.
     * The agent loop and every executor answer with this, so the model reads the same words wherever the name was
     * caught.
     */
    static Failure unknownTool(String name, Collection<String> valid) {
        String noSuchTool = "there is no tool named '" + name + "'";
        return failure(
                ToolError.UNKNOWN_TOOL,
                valid.isEmpty()
                        ? noSuchTool + " and no tools are available; answer without tools"
                        : noSuchTool + ". " + closest(name, valid) + " Call one of those, or answer without a tool.");
    }

    /** {@link #unknownTool(String, Collection)} for an executor whose {@code searchTool} finds more tools. */
    static Failure unknownTool(String name, Collection<String> valid, String searchTool) {
        String noSuchTool = "there is no tool named '" + name + "'. ";
        String search = searchTool + " to find the right one.";
        return failure(
                ToolError.UNKNOWN_TOOL,
                valid.isEmpty()
                        ? noSuchTool + "Call " + search
                        : noSuchTool + closest(name, valid) + " Call one of those, or call " + search);
    }

    private static String closest(String name, Collection<String> valid) {
        return "The closest tools are: " + String.join(", ", ToolNames.closest(name, valid, 3)) + ".";
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

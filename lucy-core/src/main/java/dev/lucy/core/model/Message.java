package dev.lucy.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat-completions conversation, in the OpenAI-compatible shape every supported provider
 * speaks. Immutable; content is never null (an assistant turn that only calls tools has empty content).
 */
public sealed interface Message permits Message.System, Message.User, Message.Assistant, Message.Tool {

    /** The role name on the wire: {@code system}, {@code user}, {@code assistant} or {@code tool}. */
    String role();

    /** The text of the message; empty, never null. */
    String content();

    static System system(String content) {
        return new System(content);
    }

    static User user(String content) {
        return new User(content);
    }

    static Assistant assistant(String content) {
        return new Assistant(content, List.of());
    }

    static Assistant toolCalls(List<ToolCall> calls) {
        return new Assistant("", calls);
    }

    static Tool toolResult(ToolCall call, String content) {
        return new Tool(call.id(), call.name(), content);
    }

    /** Instructions for the model. */
    record System(String content) implements Message {
        public System {
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String role() {
            return "system";
        }
    }

    /** What a person said, with images they shared (as URLs: {@code https:} or {@code data:}) for models that see. */
    static User user(String content, List<String> imageUrls) {
        return new User(content, imageUrls);
    }

    /**
     * What a person said.
     *
     * @param content the text
     * @param imageUrls images given with it, sent as {@code image_url} content parts; empty for text alone
     */
    record User(String content, List<String> imageUrls) implements Message {
        public User {
            Objects.requireNonNull(content, "content");
            imageUrls = List.copyOf(imageUrls);
        }

        public User(String content) {
            this(content, List.of());
        }

        @Override
        public String role() {
            return "user";
        }
    }

    /** What the model answered: text, tool calls, or both. */
    record Assistant(String content, List<ToolCall> toolCalls) implements Message {
        public Assistant {
            Objects.requireNonNull(content, "content");
            toolCalls = List.copyOf(toolCalls);
        }

        public boolean hasToolCalls() {
            return !toolCalls.isEmpty();
        }

        @Override
        public String role() {
            return "assistant";
        }
    }

    /** The result of one tool call, answering the call with the same id. */
    record Tool(String toolCallId, String name, String content) implements Message {
        public Tool {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String role() {
            return "tool";
        }
    }
}

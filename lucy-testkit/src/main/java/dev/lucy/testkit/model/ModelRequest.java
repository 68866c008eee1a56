package dev.lucy.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One chat-completions request as the server received it, parsed for scripts and assertions. Immutable apart
 * from {@link #json()}, which callers must not change.
 *
 * <p>Requests the server rejects (bad JSON, a broken conversation, a wrong key) are recorded too; what could not
 * be parsed is empty.
 *
 * @param sequence 1 for the server's first request, then 2, 3, ...
 * @param model the {@code model} field; empty when missing
 * @param messages the conversation so far, mapped to Lucy's message types ({@code developer} becomes
 *     {@link Message.System}; multi-part content keeps its text parts)
 * @param tools the {@code tools} offered
 * @param stream whether the client asked for a server-sent-events stream
 * @param maxTokens {@code max_completion_tokens} or {@code max_tokens}, when set
 * @param headers the request headers; names are lower case
 * @param body the raw request body
 * @param json the parsed body; a missing node when the body was not JSON
 */
public record ModelRequest(
        int sequence,
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        boolean stream,
        OptionalInt maxTokens,
        Map<String, List<String>> headers,
        String body,
        JsonNode json) {

    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(maxTokens, "maxTokens");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(json, "json");
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The last message of the conversation, when there is one. */
    public Optional<Message> lastMessage() {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
    }

    /** The text of the latest user message, when there is one. */
    public Optional<String> lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Message.User user) {
                return Optional.of(user.content());
            }
        }
        return Optional.empty();
    }

    /** The tool results in the conversation, oldest first. */
    public List<Message.Tool> toolResults() {
        return messages.stream()
                .filter(Message.Tool.class::isInstance)
                .map(Message.Tool.class::cast)
                .toList();
    }

    /** True when the last message is a tool result, so the model is asked to go on after its tool calls. */
    public boolean answersToolCalls() {
        return lastMessage().map(Message.Tool.class::isInstance).orElse(false);
    }

    public List<String> toolNames() {
        return tools.stream().map(ToolSpec::name).toList();
    }

    public boolean offersTool(String name) {
        return tools.stream().anyMatch(tool -> tool.name().equals(name));
    }
}

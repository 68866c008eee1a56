package dev.lucy.core.model;

import java.util.Objects;

/**
 * A tool call the model asked for.
 *
 * @param id the provider's call id, echoed by the matching {@link Message.Tool}
 * @param name the tool name as the model wrote it (it may name no known tool)
 * @param arguments the arguments exactly as the model sent them: usually a JSON object, possibly malformed
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}

package dev.lucy.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool as the model sees it.
 *
 * @param name unique name, {@code [a-zA-Z0-9_-]{1,64}} as providers require
 * @param description what the tool does and when to use it
 * @param parametersSchema the JSON Schema of the arguments object, as JSON text
 */
public record ToolSpec(String name, String description, String parametersSchema) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name must match [a-zA-Z0-9_-]{1,64}: '" + name + "'");
        }
    }
}

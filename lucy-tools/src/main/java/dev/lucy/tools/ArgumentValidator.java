package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks arguments against a tool's schema with networknt's validator and words the problems so the model can
 * correct its next call. Compiled schemas are kept per tool (a tool's schema never changes).
 */
final class ArgumentValidator {
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<Tool, Schema> compiled = new ConcurrentHashMap<>();

    /** The problems with {@code arguments}, empty when they are valid. */
    List<String> problems(Tool tool, JsonNode arguments) {
        Schema schema = compiled.computeIfAbsent(tool, t -> registry.getSchema(t.schema()));
        List<Error> errors = schema.validate(arguments);
        return errors.stream().map(ArgumentValidator::describe).distinct().toList();
    }

    /** Why {@code schema} cannot check arguments, or empty when it can (a tool from outside is checked once). */
    java.util.Optional<String> schemaProblem(JsonNode schema) {
        try {
            registry.getSchema(schema)
                    .validate(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static String describe(Error error) {
        String location = error.getInstanceLocation().toString();
        String message = error.getMessage();
        // networknt prefixes messages with the location already; keep one copy of it.
        return message.startsWith(location) || location.equals("$") ? message : location + ": " + message;
    }
}

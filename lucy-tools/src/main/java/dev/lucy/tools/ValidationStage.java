package dev.lucy.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.List;

/** Parses the model's arguments and checks them against the schema; problems go back worded for a correction. */
final class ValidationStage implements ToolInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SCHEMA_CHARS = 2_000;

    private final ArgumentValidator validator = new ArgumentValidator();

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        Tool tool = request.tool();
        String raw = request.call().arguments().strip();
        JsonNode arguments;
        try {
            arguments = raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return invalid(tool, "the arguments are not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (arguments == null || !arguments.isObject()) {
            return invalid(tool, "the arguments must be a JSON object, not " + describe(arguments));
        }
        List<String> problems = validator.problems(tool, arguments);
        if (!problems.isEmpty()) {
            return invalid(tool, String.join("; ", problems));
        }
        return chain.proceed(request.withArguments(arguments));
    }

    private static ToolResult invalid(Tool tool, String problem) {
        String schema = tool.spec().parametersSchema();
        if (schema.length() > MAX_SCHEMA_CHARS) {
            schema = schema.substring(0, MAX_SCHEMA_CHARS) + "...";
        }
        return ToolResult.failure(
                ToolError.INVALID_ARGUMENTS,
                "invalid arguments for " + tool.name() + ": " + problem
                        + ". Call it again with arguments matching this schema: " + schema);
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}

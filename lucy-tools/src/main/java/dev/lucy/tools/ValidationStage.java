package dev.lucy.tools;

import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolInterceptor;
import java.util.List;

/**
 * Checks the call's parsed arguments against the schema; malformed arguments and problems go back worded for a
 * correction.
 */
final class ValidationStage implements ToolInterceptor {
    private static final int MAX_SCHEMA_CHARS = 2_000;

    private final ArgumentValidator validator = new ArgumentValidator();

    @Override
    public ToolResult intercept(Chain chain) {
        ToolRequest request = chain.request();
        Tool tool = request.tool();
        return switch (request.parsed()) {
            case ToolArguments.Malformed malformed -> invalid(tool, malformed.problem());
            case ToolArguments.Parsed parsed -> {
                List<String> problems = validator.problems(tool, parsed.json());
                yield problems.isEmpty()
                        ? chain.proceed(request.withArguments(parsed.json()))
                        : invalid(tool, String.join("; ", problems));
            }
        };
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
}

package dev.lucy.tools;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.spi.ToolException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the {@link ToolMethod}-annotated public methods of an object into {@link Tool}s: the schema comes from the
 * parameter types, the arguments are converted from JSON with Jackson, and the return value becomes the result.
 *
 * <pre>{@code
 * class Clock {
 *     @ToolMethod(description = "The current time in a time zone", tags = {"time", "date"})
 *     public String now(@Param("IANA zone, e.g. Europe/Paris") String zone) { ... }
 * }
 * List<Tool> tools = AnnotatedTools.from(new Clock());
 * }</pre>
 */
public final class AnnotatedTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnnotatedTools() {}

    /**
     * The tools declared on {@code target}'s class, in name order.
     *
     * @throws IllegalArgumentException naming the method when an annotation or signature cannot become a tool
     */
    public static List<Tool> from(Object target) {
        Objects.requireNonNull(target, "target");
        SchemaGenerator schemas = new SchemaGenerator(JSON);
        List<Tool> tools = new ArrayList<>();
        Method[] methods = target.getClass().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            ToolMethod annotation = method.getAnnotation(ToolMethod.class);
            if (annotation != null) {
                tools.add(toTool(target, method, annotation, schemas));
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(
                    target.getClass().getName() + " has no public method annotated with @ToolMethod");
        }
        return List.copyOf(tools);
    }

    private static Tool toTool(Object target, Method method, ToolMethod annotation, SchemaGenerator schemas) {
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException(where + ": tool methods must not be static");
        }
        // Reflection needs access even when the declaring class is not public (tools are often small local classes).
        method.setAccessible(true);
        String name = annotation.name().isBlank() ? snakeCase(method.getName()) : annotation.name();
        List<Argument> arguments = new ArrayList<>();
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Parameter parameter : method.getParameters()) {
            if (parameter.getType() == Caller.class) {
                arguments.add(Argument.caller());
                continue;
            }
            Param param = parameter.getAnnotation(Param.class);
            String argName = param != null && !param.name().isBlank() ? param.name() : parameter.getName();
            if (param == null || param.name().isBlank()) {
                if (!parameter.isNamePresent()) {
                    throw new IllegalArgumentException(where + ": parameter names are not in the class file; "
                            + "compile with -parameters or name each one with @Param(name = ...)");
                }
            }
            boolean optional = parameter.getType() == Optional.class;
            java.lang.reflect.Type valueType = parameter.getParameterizedType();
            if (optional) {
                if (!(valueType instanceof java.lang.reflect.ParameterizedType generic)) {
                    throw new IllegalArgumentException(where + ": Optional parameters need a type argument");
                }
                valueType = generic.getActualTypeArguments()[0];
            }
            JavaType type = JSON.constructType(valueType);
            ObjectNode property = schemas.schemaOf(valueType);
            if (param != null && !param.value().isBlank()) {
                property.put("description", param.value());
            }
            properties.set(argName, property);
            if ((param == null || param.required()) && !optional) {
                required.add(argName);
            }
            arguments.add(new Argument(argName, type, optional));
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        Tool.Builder builder = Tool.builder(name)
                .description(annotation.description())
                .schema(schema)
                .provider(annotation.provider())
                .scopes(annotation.scopes())
                .tags(annotation.tags())
                .sideEffect(annotation.sideEffect())
                .idempotent(annotation.idempotent())
                .handler((caller, args) -> invoke(target, method, arguments, caller, args));
        if (!annotation.timeout().isBlank()) {
            try {
                builder.timeout(Duration.parse(annotation.timeout()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        where + ": timeout must be an ISO-8601 duration like PT5S: '" + annotation.timeout() + "'");
            }
        }
        return builder.build();
    }

    private static ToolResult invoke(
            Object target, Method method, List<Argument> arguments, Caller caller, JsonNode args) {
        Object[] values = new Object[arguments.size()];
        for (int i = 0; i < values.length; i++) {
            Argument argument = arguments.get(i);
            if (argument.name() == null) {
                values[i] = caller;
                continue;
            }
            JsonNode node = args.get(argument.name());
            try {
                Object value = node == null || node.isNull() ? null : JSON.convertValue(node, argument.type());
                values[i] = argument.optional() ? Optional.ofNullable(value) : value;
            } catch (IllegalArgumentException e) {
                throw new ToolException(
                        ToolError.INVALID_ARGUMENTS,
                        "argument '" + argument.name() + "' has the wrong shape for "
                                + argument.type().getGenericSignature());
            }
        }
        Object returned;
        try {
            returned = method.invoke(target, values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof java.lang.Error error) {
                throw error;
            }
            throw new ToolException(ToolError.FATAL, "the tool failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("tool method is not accessible: " + method, e);
        }
        return toResult(returned, method.getReturnType() == void.class);
    }

    static ToolResult toResult(Object returned, boolean isVoid) {
        if (returned instanceof ToolResult result) {
            return result;
        }
        if (isVoid) {
            return ToolResult.success("{\"ok\":true}");
        }
        if (returned instanceof String text) {
            return ToolResult.success(text);
        }
        try {
            return ToolResult.success(JSON.writeValueAsString(returned));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ToolException(ToolError.FATAL, "the tool's answer could not be written as JSON");
        }
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private record Argument(String name, JavaType type, boolean optional) {
        static Argument caller() {
            return new Argument(null, null, false);
        }
    }
}

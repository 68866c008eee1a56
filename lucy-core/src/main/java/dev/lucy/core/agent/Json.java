package dev.lucy.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/** Parses tool-call arguments and writes their canonical form. Configured once, then only read. */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    /** The parsed arguments of a call, or the reason they are not a JSON object. */
    sealed interface Parsed permits Parsed.Ok, Parsed.Invalid {
        record Ok(Map<String, Object> arguments) implements Parsed {}

        record Invalid(String error) implements Parsed {}
    }

    /** Parses {@code text} as a JSON object; blank text counts as no arguments, as several providers send it. */
    static Parsed parseArguments(String text) {
        if (text.isBlank()) {
            return new Parsed.Ok(Map.of());
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                return new Parsed.Invalid("the arguments must be a JSON object, got "
                        + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = MAPPER.convertValue(node, Map.class);
            return new Parsed.Ok(map);
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid(describe(e));
        }
    }

    /** The arguments with object keys sorted at every depth, so equal arguments compare equal as text. */
    static String canonical(String arguments) {
        if (arguments.isBlank()) {
            return "{}";
        }
        try {
            Object value = MAPPER.readValue(arguments, Object.class);
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return arguments.strip();
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return "the arguments are not valid JSON: " + message;
    }
}

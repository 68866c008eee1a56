package dev.lucy.core.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Parses tool-call arguments and writes their canonical form. Configured once, then only read. */
final class Json {
    // A shared buffer pool: runs are virtual threads, which defeat Jackson's default per-thread reuse.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    /** The parsed arguments of a call, or the reason they are not a JSON object. */
    sealed interface Parsed permits Parsed.Ok, Parsed.Invalid {
        record Ok(ObjectNode arguments) implements Parsed {}

        record Invalid(String error) implements Parsed {}
    }

    /** Parses {@code text} as a JSON object; blank text counts as no arguments, as several providers send it. */
    static Parsed parseArguments(String text) {
        if (text.isBlank()) {
            return new Parsed.Ok(MAPPER.createObjectNode());
        }
        try {
            JsonNode value = MAPPER.readTree(text);
            if (value instanceof ObjectNode object) {
                return new Parsed.Ok(object);
            }
            return new Parsed.Invalid("the arguments must be a JSON object, got "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
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

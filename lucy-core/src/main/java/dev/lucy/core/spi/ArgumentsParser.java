package dev.lucy.core.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Parses {@link ToolArguments}. Configured once, then only read. */
final class ArgumentsParser {
    // A shared buffer pool: calls run on virtual threads, which defeat Jackson's default per-thread reuse.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .build();

    private ArgumentsParser() {}

    static ToolArguments parse(String text) {
        if (text.isBlank()) {
            return new ToolArguments.Parsed(MAPPER.createObjectNode());
        }
        try {
            JsonNode value = MAPPER.readTree(text);
            if (value instanceof ObjectNode object) {
                return new ToolArguments.Parsed(object);
            }
            return new ToolArguments.Malformed("the arguments must be a JSON object, got "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        } catch (JsonProcessingException e) {
            return new ToolArguments.Malformed(describe(e));
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

package dev.lucy.core.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lucy.core.spi.ToolArguments;

/** Writes the canonical form of tool-call arguments. Configured once, then only read. */
final class Json {
    // A shared buffer pool: runs are virtual threads, which defeat Jackson's default per-thread reuse.
    private static final ObjectWriter SORTED = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build()
            .writer();

    private Json() {}

    /**
     * The arguments with object keys sorted at every depth, so equal arguments compare equal as text; malformed
     * arguments as sent, without surrounding blanks.
     */
    static String canonical(ToolArguments arguments, String sent) {
        return switch (arguments) {
            case ToolArguments.Parsed parsed -> {
                try {
                    yield SORTED.writeValueAsString(parsed.json());
                } catch (JsonProcessingException e) {
                    yield sent.strip();
                }
            }
            case ToolArguments.Malformed malformed -> sent.strip();
        };
    }
}

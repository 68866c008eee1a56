package dev.lucy.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one answer from the chunks of a streamed chat completion: text deltas go to the listener as they come,
 * tool-call fragments are joined by their {@code index}, and finish reason and usage are kept from whichever chunk
 * carries them. Not thread safe: one per stream.
 */
final class StreamAssembler {
    private final ObjectMapper json;
    private final ErrorMapper errors;
    private final String requestedModel;
    private final StreamListener listener;
    private final int maxChars;

    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, PartialCall> calls = new TreeMap<>();
    private String model;
    private FinishReason finishReason;
    private Usage usage = Usage.NONE;
    private boolean done;
    private int size;

    StreamAssembler(
            ObjectMapper json, ErrorMapper errors, String requestedModel, StreamListener listener, int maxChars) {
        this.json = json;
        this.errors = errors;
        this.requestedModel = requestedModel;
        this.listener = listener;
        this.maxChars = maxChars;
        this.model = requestedModel;
    }

    /** Takes the data of one event. Failures the provider reports inside the stream are thrown typed. */
    void accept(String data) {
        if (done) {
            return;
        }
        if (data.strip().equals("[DONE]")) {
            done = true;
            return;
        }
        size += data.length();
        if (size > maxChars) {
            throw WireFormat.malformed(requestedModel, "the streamed answer exceeds " + maxChars + " characters", null);
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw WireFormat.malformed(
                    requestedModel, "a stream chunk is not JSON (" + errors.redact(WireFormat.preview(data)) + ")", e);
        }
        if (chunk == null || !chunk.isObject()) {
            throw WireFormat.malformed(requestedModel, "a stream chunk is not a JSON object", null);
        }
        if (chunk.hasNonNull("error")) {
            throw errors.fromErrorObject(requestedModel, chunk.get("error"), deliveredText());
        }
        if (chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        if (chunk.hasNonNull("usage")) {
            usage = WireFormat.usage(chunk.get("usage"));
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            return;
        }
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode delta = choice.get("delta");
            if (delta != null && delta.isObject()) {
                acceptDelta(delta);
            }
            if (choice.hasNonNull("finish_reason")) {
                finishReason = FinishReason.fromWire(choice.get("finish_reason").asText());
            }
        }
    }

    private void acceptDelta(JsonNode delta) {
        JsonNode text = delta.get("content");
        if (text != null && !text.isNull()) {
            String piece = WireFormat.text(text);
            if (!piece.isEmpty()) {
                content.append(piece);
                listener.onTextDelta(piece);
            }
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls == null || !toolCalls.isArray()) {
            return;
        }
        int position = 0;
        for (JsonNode fragment : toolCalls) {
            // A fragment without an index continues the call at its position in the list.
            int index = fragment.hasNonNull("index") ? fragment.get("index").asInt() : position;
            PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
            if (fragment.hasNonNull("id") && call.id.isEmpty()) {
                call.id = fragment.get("id").asText();
            }
            JsonNode function = fragment.get("function");
            if (function != null && function.isObject()) {
                if (function.hasNonNull("name") && call.name.isEmpty()) {
                    call.name = function.get("name").asText();
                }
                JsonNode args = function.get("arguments");
                if (args != null && !args.isNull()) {
                    if (args.isTextual()) {
                        call.arguments.append(args.asText());
                    } else {
                        call.arguments.setLength(0);
                        call.arguments.append(args.toString());
                    }
                }
            }
            position++;
        }
    }

    /** Whether any answer text reached the listener. */
    boolean deliveredText() {
        return !content.isEmpty();
    }

    /**
     * The complete answer once the stream has ended.
     *
     * @throws ModelException {@link ModelFailure.StreamBroken} when the stream ended before the answer did
     */
    ChatResponse finish() {
        if (!done && finishReason == null) {
            throw new ModelException(
                    requestedModel,
                    new ModelFailure.StreamBroken("the stream ended before the answer was complete"),
                    "model " + requestedModel + ": StreamBroken (the stream ended before the answer was complete)");
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        for (Map.Entry<Integer, PartialCall> e : calls.entrySet()) {
            PartialCall c = e.getValue();
            String id = c.id.isEmpty() ? "call_" + e.getKey() : c.id;
            toolCalls.add(new ToolCall(id, c.name, c.arguments.toString()));
        }
        FinishReason finish = finishReason != null
                ? finishReason
                : (toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS);
        return new ChatResponse(model, new Message.Assistant(content.toString(), toolCalls), finish, usage);
    }

    private static final class PartialCall {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();
    }
}

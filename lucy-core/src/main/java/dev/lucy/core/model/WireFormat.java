package dev.lucy.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAI chat-completions JSON shapes: requests Lucy sends and complete (non-streamed) answers it reads.
 * Streamed chunks are read by {@link StreamAssembler}. Thread safe.
 */
final class WireFormat {
    private static final int MAX_CACHED_SCHEMAS = 1024;

    private final ObjectMapper json;
    private final ConcurrentHashMap<String, JsonNode> schemas = new ConcurrentHashMap<>();

    WireFormat(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * The request body. Fails with {@link ModelFailure.BadRequest} when a tool schema is not JSON.
     *
     * <p>Written with a streaming generator straight into bytes: the conversation grows with every turn, and
     * building a tree of it first would copy it once more on each call.
     */
    byte[] encodeRequest(ChatRequest request, String model, boolean stream, boolean streamUsage) {
        List<JsonNode> schemas = new ArrayList<>(request.tools().size());
        for (ToolSpec spec : request.tools()) {
            schemas.add(schema(spec, model));
        }
        ByteArrayBuilder out = new ByteArrayBuilder(2048);
        try (JsonGenerator gen = json.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("model", model);
            gen.writeArrayFieldStart("messages");
            for (Message m : request.messages()) {
                writeMessage(gen, m);
            }
            gen.writeEndArray();
            if (!request.tools().isEmpty()) {
                gen.writeArrayFieldStart("tools");
                for (int i = 0; i < request.tools().size(); i++) {
                    ToolSpec spec = request.tools().get(i);
                    gen.writeStartObject();
                    gen.writeStringField("type", "function");
                    gen.writeObjectFieldStart("function");
                    gen.writeStringField("name", spec.name());
                    gen.writeStringField("description", spec.description());
                    gen.writeFieldName("parameters");
                    json.writeTree(gen, schemas.get(i));
                    gen.writeEndObject();
                    gen.writeEndObject();
                }
                gen.writeEndArray();
                gen.writeStringField(
                        "tool_choice",
                        switch (request.toolChoice()) {
                            case AUTO -> "auto";
                            case REQUIRED -> "required";
                            case NONE -> "none";
                        });
                gen.writeBooleanField("parallel_tool_calls", request.parallelToolCalls());
            }
            if (request.temperature().isPresent()) {
                gen.writeNumberField("temperature", request.temperature().getAsDouble());
            }
            if (request.maxTokens().isPresent()) {
                gen.writeNumberField("max_tokens", request.maxTokens().getAsInt());
            }
            if (stream) {
                gen.writeBooleanField("stream", true);
                if (streamUsage) {
                    gen.writeObjectFieldStart("stream_options");
                    gen.writeBooleanField("include_usage", true);
                    gen.writeEndObject();
                }
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
        return out.toByteArray();
    }

    private static void writeMessage(JsonGenerator gen, Message message) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("role", message.role());
        switch (message) {
            case Message.System s -> gen.writeStringField("content", s.content());
            case Message.User u -> {
                if (u.imageUrls().isEmpty()) {
                    gen.writeStringField("content", u.content());
                } else {
                    // OpenAI-compatible content parts: the text, then each image
                    gen.writeArrayFieldStart("content");
                    gen.writeStartObject();
                    gen.writeStringField("type", "text");
                    gen.writeStringField("text", u.content());
                    gen.writeEndObject();
                    for (String url : u.imageUrls()) {
                        gen.writeStartObject();
                        gen.writeStringField("type", "image_url");
                        gen.writeObjectFieldStart("image_url");
                        gen.writeStringField("url", url);
                        gen.writeEndObject();
                        gen.writeEndObject();
                    }
                    gen.writeEndArray();
                }
            }
            case Message.Assistant a -> {
                if (a.content().isEmpty() && a.hasToolCalls()) {
                    gen.writeNullField("content");
                } else {
                    gen.writeStringField("content", a.content());
                }
                if (a.hasToolCalls()) {
                    gen.writeArrayFieldStart("tool_calls");
                    for (ToolCall call : a.toolCalls()) {
                        gen.writeStartObject();
                        gen.writeStringField("id", call.id());
                        gen.writeStringField("type", "function");
                        gen.writeObjectFieldStart("function");
                        gen.writeStringField("name", call.name());
                        gen.writeStringField("arguments", call.arguments());
                        gen.writeEndObject();
                        gen.writeEndObject();
                    }
                    gen.writeEndArray();
                }
            }
            case Message.Tool t -> {
                gen.writeStringField("tool_call_id", t.toolCallId());
                gen.writeStringField("content", t.content());
            }
        }
        gen.writeEndObject();
    }

    /**
     * A tool's parameters schema, parsed and checked once per distinct schema text: an agent offers the same tools
     * on every call. The parsed trees are only ever read.
     */
    private JsonNode schema(ToolSpec spec, String model) {
        JsonNode cached = schemas.get(spec.parametersSchema());
        if (cached != null) {
            return cached;
        }
        JsonNode parsed = parseSchema(spec, model);
        if (schemas.size() >= MAX_CACHED_SCHEMAS) {
            schemas.clear(); // a caller generating schemas endlessly; start over rather than grow
        }
        schemas.put(spec.parametersSchema(), parsed);
        return parsed;
    }

    private JsonNode parseSchema(ToolSpec spec, String model) {
        try {
            JsonNode schema = json.readTree(spec.parametersSchema());
            if (schema == null || !schema.isObject()) {
                throw new ModelException(
                        model,
                        new ModelFailure.BadRequest(0, "tool '" + spec.name() + "': schema is not a JSON object"),
                        "tool '" + spec.name() + "' has a parameters schema that is not a JSON object");
            }
            return schema;
        } catch (JsonProcessingException e) {
            throw new ModelException(
                    model,
                    new ModelFailure.BadRequest(0, "tool '" + spec.name() + "': schema is not valid JSON"),
                    "tool '" + spec.name() + "' has a parameters schema that is not valid JSON");
        }
    }

    /** Reads a complete answer. Anything that is not a chat completion fails as {@link ModelFailure}. */
    ChatResponse decodeResponse(String body, String requestedModel, ErrorMapper errors) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(requestedModel, "the answer is not JSON (" + errors.redact(preview(body)) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(
                    requestedModel, "the answer is not a JSON object (" + errors.redact(preview(body)) + ")", null);
        }
        if (root.hasNonNull("error")) {
            // Some providers answer 200 with an error object instead of a status code.
            throw errors.fromErrorObject(requestedModel, root.get("error"), false);
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw malformed(requestedModel, "the answer has no choices", null);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw malformed(requestedModel, "the first choice has no message", null);
        }
        String content = text(message.get("content"));
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            int index = 0;
            for (JsonNode call : toolCalls) {
                JsonNode function = call.get("function");
                if (function == null || !function.isObject()) {
                    throw malformed(requestedModel, "tool call " + index + " has no function", null);
                }
                String id = call.hasNonNull("id") ? call.get("id").asText() : "call_" + index;
                String name = function.hasNonNull("name") ? function.get("name").asText() : "";
                calls.add(new ToolCall(id, name, arguments(function.get("arguments"))));
                index++;
            }
        } else if (toolCalls != null && !toolCalls.isNull()) {
            throw malformed(requestedModel, "tool_calls is not a list", null);
        }
        FinishReason finish = FinishReason.fromWire(
                choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText() : null);
        if (!choice.hasNonNull("finish_reason")) {
            finish = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        }
        String model = root.hasNonNull("model") ? root.get("model").asText() : requestedModel;
        return new ChatResponse(model, new Message.Assistant(content, calls), finish, usage(root.get("usage")));
    }

    /** Text content: a string, null, or (some providers) a list of typed parts. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if (part.hasNonNull("text")) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    /** Arguments as JSON text: usually a string already; a few servers send the object itself. */
    static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }

    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.NONE;
        }
        int prompt = Math.max(0, usage.path("prompt_tokens").asInt(0));
        int completion = Math.max(0, usage.path("completion_tokens").asInt(0));
        return new Usage(prompt, completion);
    }

    static ModelException malformed(String model, String detail, Throwable cause) {
        return new ModelException(
                model, new ModelFailure.MalformedResponse(detail), "model " + model + ": " + detail, cause);
    }

    static String preview(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 80) + "...'";
    }
}

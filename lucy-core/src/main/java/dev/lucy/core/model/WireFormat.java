package dev.lucy.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI chat-completions JSON shapes: requests Lucy sends and complete (non-streamed) answers it reads.
 * Streamed chunks are read by {@link StreamAssembler}. Thread safe.
 */
final class WireFormat {
    private final ObjectMapper json;

    WireFormat(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /** The request body. Fails with {@link ModelFailure.BadRequest} when a tool schema is not JSON. */
    byte[] encodeRequest(ChatRequest request, String model, boolean stream, boolean streamUsage) {
        ObjectNode root = json.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (Message m : request.messages()) {
            messages.add(encodeMessage(m));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolSpec spec : request.tools()) {
                ObjectNode tool = tools.addObject();
                tool.put("type", "function");
                ObjectNode function = tool.putObject("function");
                function.put("name", spec.name());
                function.put("description", spec.description());
                function.set("parameters", parseSchema(spec, model));
            }
            root.put(
                    "tool_choice",
                    switch (request.toolChoice()) {
                        case AUTO -> "auto";
                        case REQUIRED -> "required";
                        case NONE -> "none";
                    });
            root.put("parallel_tool_calls", request.parallelToolCalls());
        }
        request.temperature().ifPresent(t -> root.put("temperature", t));
        request.maxTokens().ifPresent(t -> root.put("max_tokens", t));
        if (stream) {
            root.put("stream", true);
            if (streamUsage) {
                root.putObject("stream_options").put("include_usage", true);
            }
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
    }

    private ObjectNode encodeMessage(Message message) {
        ObjectNode node = json.createObjectNode();
        node.put("role", message.role());
        switch (message) {
            case Message.System s -> node.put("content", s.content());
            case Message.User u -> node.put("content", u.content());
            case Message.Assistant a -> {
                if (a.content().isEmpty() && a.hasToolCalls()) {
                    node.putNull("content");
                } else {
                    node.put("content", a.content());
                }
                if (a.hasToolCalls()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    for (ToolCall call : a.toolCalls()) {
                        ObjectNode c = calls.addObject();
                        c.put("id", call.id());
                        c.put("type", "function");
                        ObjectNode f = c.putObject("function");
                        f.put("name", call.name());
                        f.put("arguments", call.arguments());
                    }
                }
            }
            case Message.Tool t -> {
                node.put("tool_call_id", t.toolCallId());
                node.put("content", t.content());
            }
        }
        return node;
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

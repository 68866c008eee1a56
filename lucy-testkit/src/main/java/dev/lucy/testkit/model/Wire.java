package dev.lucy.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.model.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** The OpenAI chat-completions wire format: reads requests, writes responses, chunks and error bodies. */
final class Wire {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private Wire() {}

    /** A request read from the wire, and why the server refuses it, if it does. */
    record Parsed(ModelRequest request, Optional<Fault.HttpError> rejection, boolean includeUsage) {}

    static String errorBody(String message, String type, String param, String code) {
        ObjectNode error = NODES.objectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = NODES.objectNode();
        body.set("error", error);
        return body.toString();
    }

    static Fault.HttpError invalid(String message, String param, String code) {
        return new Fault.HttpError(400, errorBody(message, "invalid_request_error", param, code), Optional.empty());
    }

    static Parsed parse(
            ObjectMapper mapper, int sequence, byte[] bytes, Map<String, List<String>> headers, boolean strict) {
        String body = new String(bytes, StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = mapper.readTree(bytes); // from the bytes: faster than parsing the decoded text
        } catch (IOException e) {
            json = readText(mapper, body); // bytes that are not UTF-8 read as the decoded text, as before
        }
        if (json == null || !json.isObject()) {
            ModelRequest request = new ModelRequest(
                    sequence,
                    "",
                    List.of(),
                    List.of(),
                    false,
                    OptionalInt.empty(),
                    headers,
                    body,
                    MissingNode.getInstance());
            return new Parsed(
                    request,
                    Optional.of(invalid(
                            "We could not parse the JSON body of your request. The API expects a JSON object.",
                            null,
                            null)),
                    false);
        }
        List<Fault.HttpError> problems = new ArrayList<>();
        String model = json.path("model").asText("");
        if (model.isBlank()) {
            problems.add(invalid("you must provide a model parameter", "model", "missing_required_parameter"));
        }
        List<Message> messages = messages(json.path("messages"), problems, strict);
        List<ToolSpec> tools = tools(json.path("tools"), problems);
        boolean stream = json.path("stream").asBoolean(false);
        JsonNode max =
                json.hasNonNull("max_completion_tokens") ? json.get("max_completion_tokens") : json.get("max_tokens");
        OptionalInt maxTokens = OptionalInt.empty();
        if (max != null && !max.isNull()) {
            if (max.canConvertToInt() && max.asInt() > 0) {
                maxTokens = OptionalInt.of(max.asInt());
            } else {
                problems.add(invalid(
                        "Invalid 'max_tokens': expected a positive integer, got " + max,
                        "max_tokens",
                        "invalid_value"));
            }
        }
        boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
        ModelRequest request =
                new ModelRequest(sequence, model, messages, tools, stream, maxTokens, headers, body, json);
        return new Parsed(request, problems.stream().findFirst(), includeUsage);
    }

    private static JsonNode readText(ObjectMapper mapper, String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<Message> messages(JsonNode node, List<Fault.HttpError> problems, boolean strict) {
        List<Message> messages = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            problems.add(invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter"));
            return messages;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(invalid("Invalid 'messages': expected a non-empty array.", "messages", "invalid_value"));
            return messages;
        }
        // Calls of the latest assistant turn still waiting for their tool results, as OpenAI checks them.
        Set<String> pending = new LinkedHashSet<>();
        int pendingFrom = -1;
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String param = "messages[" + i + "]";
            String role = m.path("role").asText("");
            String text = text(m.path("content"));
            if (!role.equals("tool") && !pending.isEmpty() && strict) {
                problems.add(unanswered(pendingFrom, pending));
                pending.clear();
            }
            switch (role) {
                case "system", "developer" -> messages.add(Message.system(text));
                case "user" -> messages.add(Message.user(text));
                case "assistant" -> {
                    List<ToolCall> calls = new ArrayList<>();
                    JsonNode toolCalls = m.path("tool_calls");
                    for (int j = 0; j < toolCalls.size(); j++) {
                        JsonNode call = toolCalls.get(j);
                        String id = call.path("id").asText("");
                        String name = call.path("function").path("name").asText("");
                        JsonNode arguments = call.path("function").path("arguments");
                        if (id.isEmpty() || name.isEmpty() || !arguments.isTextual()) {
                            problems.add(invalid(
                                    "Invalid '" + param + ".tool_calls[" + j
                                            + "]': a tool call needs an id, a function name and arguments as a string.",
                                    param + ".tool_calls[" + j + "]",
                                    "invalid_value"));
                            continue;
                        }
                        calls.add(new ToolCall(id, name, arguments.asText()));
                        pending.add(id);
                    }
                    pendingFrom = i;
                    messages.add(new Message.Assistant(text, calls));
                }
                case "tool" -> {
                    String id = m.path("tool_call_id").asText("");
                    if (id.isEmpty()) {
                        problems.add(invalid(
                                "Missing required parameter: '" + param + ".tool_call_id'.",
                                param + ".tool_call_id",
                                "missing_required_parameter"));
                        continue;
                    }
                    if (strict && !pending.remove(id)) {
                        problems.add(invalid(
                                "Invalid parameter: messages with role 'tool' must be a response to a preceding"
                                        + " message with 'tool_calls'.",
                                param + ".role",
                                null));
                    }
                    messages.add(new Message.Tool(id, m.path("name").asText(callName(messages, id)), text));
                }
                default ->
                    problems.add(invalid(
                            "Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', 'user',"
                                    + " 'tool', and 'developer'.",
                            param + ".role",
                            "invalid_value"));
            }
        }
        if (strict && !pending.isEmpty()) {
            problems.add(unanswered(pendingFrom, pending));
        }
        return messages;
    }

    private static Fault.HttpError unanswered(int index, Set<String> ids) {
        return invalid(
                "An assistant message with 'tool_calls' must be followed by tool messages responding to each"
                        + " 'tool_call_id'. The following tool_call_ids did not have response messages: "
                        + String.join(", ", ids),
                "messages.[" + index + "].role",
                null);
    }

    private static String callName(List<Message> earlier, String id) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (earlier.get(i) instanceof Message.Assistant assistant) {
                for (ToolCall call : assistant.toolCalls()) {
                    if (call.id().equals(id)) {
                        return call.name();
                    }
                }
            }
        }
        return "";
    }

    /** Content as text: a string, or the text parts of a multi-part array; empty for null. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    text.append(part.path("text").asText(""));
                }
            }
            return text.toString();
        }
        return "";
    }

    private static List<ToolSpec> tools(JsonNode node, List<Fault.HttpError> problems) {
        List<ToolSpec> tools = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return tools;
        }
        if (!node.isArray()) {
            problems.add(invalid("Invalid 'tools': expected an array.", "tools", "invalid_type"));
            return tools;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode function = node.get(i).path("function");
            String name = function.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                problems.add(invalid(
                        "Invalid 'tools[" + i + "].function.name': string does not match pattern. Expected a string"
                                + " that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
                        "tools[" + i + "].function.name",
                        "invalid_value"));
                continue;
            }
            JsonNode parameters = function.path("parameters");
            tools.add(new ToolSpec(
                    name,
                    function.path("description").asText(""),
                    parameters.isMissingNode() ? "{}" : parameters.toString()));
        }
        return tools;
    }

    // ---- responses

    static ObjectNode usage(Usage usage) {
        ObjectNode node = NODES.objectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    static ObjectNode completion(String id, long created, String model, Reply reply, Usage usage) {
        ObjectNode message = NODES.objectNode();
        message.put("role", "assistant");
        if (reply.hasToolCalls() && reply.content().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.content());
        }
        message.putNull("refusal");
        if (reply.hasToolCalls()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : reply.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode function = c.putObject("function");
                function.put("name", call.name());
                function.put("arguments", call.arguments());
            }
        }
        ObjectNode choice = NODES.objectNode();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        ObjectNode root = header(id, "chat.completion", created, model);
        root.putArray("choices").add(choice);
        root.set("usage", usage(usage));
        return root;
    }

    static ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = NODES.objectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    /** One streamed chunk with a single choice carrying {@code delta}. */
    static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode choice = NODES.objectNode();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        root.putArray("choices").add(choice);
        return root;
    }

    /** The last chunk when the client asked for {@code stream_options.include_usage}: no choices, the usage. */
    static ObjectNode usageChunk(String id, long created, String model, Usage usage) {
        ObjectNode root = header(id, "chat.completion.chunk", created, model);
        root.putArray("choices");
        root.set("usage", usage(usage));
        return root;
    }

    static ObjectNode delta() {
        return NODES.objectNode();
    }

    static ObjectNode toolCallDelta(int index, Optional<ToolCall> opening, String argumentsFragment) {
        ObjectNode delta = NODES.objectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", index);
        opening.ifPresent(c -> {
            call.put("id", c.id());
            call.put("type", "function");
        });
        ObjectNode function = call.putObject("function");
        opening.ifPresent(c -> function.put("name", c.name()));
        function.put("arguments", argumentsFragment);
        return delta;
    }

    static ObjectNode models(List<String> names, long created) {
        ObjectNode root = NODES.objectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String name : names) {
            data.add(model(name, created));
        }
        return root;
    }

    static ObjectNode model(String name, long created) {
        ObjectNode model = NODES.objectNode();
        model.put("id", name);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "lucy-testkit");
        return model;
    }

    // ---- token estimates: about four characters a token, plus a few tokens of framing per message

    static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    static int promptTokens(ModelRequest request) {
        int total = 3;
        for (Message message : request.messages()) {
            total += 4 + tokens(message.content());
            if (message instanceof Message.Assistant assistant) {
                for (ToolCall call : assistant.toolCalls()) {
                    total += 3 + tokens(call.name()) + tokens(call.arguments());
                }
            }
        }
        for (ToolSpec tool : request.tools()) {
            total += 8 + tokens(tool.name()) + tokens(tool.description()) + tokens(tool.parametersSchema());
        }
        return total;
    }

    static int completionTokens(Reply reply) {
        int total = tokens(reply.content());
        for (ToolCall call : reply.toolCalls()) {
            total += 3 + tokens(call.name()) + tokens(call.arguments());
        }
        return total;
    }

    /** Splits text into stream pieces like tokens: a word and the space after it, at most {@code size} characters. */
    static List<String> pieces(String text, int size) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int space = text.indexOf(' ', start + 1);
            int end = space >= 0 && space + 1 - start <= size ? space + 1 : Math.min(text.length(), start + size);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }
}

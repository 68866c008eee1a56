package dev.lucy.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Talks to the server the way an OpenAI client does, with the real JDK HTTP client. */
final class OpenAiCalls {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String baseUrl;

    OpenAiCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A request body asking {@code model} with one user message. */
    static ObjectNode ask(String model, String userText) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are Lucy.");
        messages.addObject().put("role", "user").put("content", userText);
        return body;
    }

    static ObjectNode withTool(ObjectNode body, String name) {
        ObjectNode function =
                body.withArray("tools").addObject().put("type", "function").putObject("function");
        function.put("name", name).put("description", "Does " + name);
        function.putObject("parameters").put("type", "object").putObject("properties");
        return body;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json");
    }

    HttpResponse<String> post(JsonNode body) throws IOException, InterruptedException {
        return postRaw(body.toString());
    }

    HttpResponse<String> postRaw(String body) throws IOException, InterruptedException {
        return client.send(
                request("/chat/completions")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a streaming request and returns the response, whose body is read line by line as it arrives. */
    HttpResponse<java.util.stream.Stream<String>> openStream(JsonNode body) throws IOException, InterruptedException {
        ObjectNode streaming = body.deepCopy();
        streaming.put("stream", true);
        return client.send(
                request("/chat/completions")
                        .POST(HttpRequest.BodyPublishers.ofString(streaming.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    /** Sends a streaming request and returns the {@code data:} payloads of the whole stream, in order. */
    List<String> streamData(JsonNode body) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> response = openStream(body);
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode());
        }
        List<String> data = new ArrayList<>();
        try (var lines = response.body()) {
            lines.filter(line -> line.startsWith("data: "))
                    .map(line -> line.substring("data: ".length()))
                    .forEach(data::add);
        }
        return data;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpClient client() {
        return client;
    }
}

package dev.lucy.testkit.model;

import dev.lucy.core.model.Message;
import java.util.Objects;

/**
 * Decides the server's answer to one request from the request itself: the conversation so far, the tools
 * offered, the model asked for. The default, {@link #echo()}, repeats the last user message.
 *
 * <p>Called concurrently from many requests: implementations must be thread safe. A script that throws makes
 * the server answer 500 with the exception's message.
 */
@FunctionalInterface
public interface Script {

    Turn next(ModelRequest request);

    /** Answers {@code You said: <last user message>}: the default. */
    static Script echo() {
        return request -> Reply.text(request.lastUserText()
                .map(text -> "You said: " + text)
                .orElse("Hello from Lucy's scripted model server."));
    }

    /** Answers every request with the same turn. */
    static Script always(Turn turn) {
        Objects.requireNonNull(turn, "turn");
        return request -> turn;
    }

    /** Answers every request with the same text. */
    static Script answer(String text) {
        return always(Reply.text(text));
    }

    /**
     * Calls the tool {@code name} with {@code argumentsJson} on every request, with a fresh call id each time:
     * a model stuck in a loop that a client must detect and stop.
     */
    static Script loopOnToolCall(String name, String argumentsJson) {
        return request -> Reply.toolCall(name, argumentsJson);
    }

    /**
     * Calls a tool named {@code tool_that_does_not_exist} (with a suffix if the request offers a tool of that
     * name), with empty arguments.
     */
    static Script callUnknownTool() {
        return request -> {
            String name = "tool_that_does_not_exist";
            while (request.offersTool(name)) {
                name = name + "_";
            }
            return Reply.toolCall(name, "{}");
        };
    }

    /**
     * Calls the tool {@code name} with {@code argumentsJson} until the conversation holds its result, then answers
     * {@code answer}: the usual one-tool agent turn.
     */
    static Script toolThenAnswer(String name, String argumentsJson, String answer) {
        return request -> request.messages().stream()
                        .anyMatch(m ->
                                m instanceof Message.Tool tool && tool.name().equals(name))
                ? Reply.text(answer)
                : Reply.toolCall(name, argumentsJson);
    }
}

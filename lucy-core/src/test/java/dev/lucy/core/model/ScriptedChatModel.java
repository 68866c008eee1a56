package dev.lucy.core.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake endpoint: for each model name, a script of steps played in order (the last one repeats), and a record of
 * every call made.
 */
final class ScriptedChatModel implements ChatModel {

    @FunctionalInterface
    interface Step {
        ChatResponse play(ChatRequest request, StreamListener listener);
    }

    private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    ScriptedChatModel on(String model, Step... steps) {
        scripts.put(model, new ArrayDeque<>(List.of(steps)));
        return this;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    long callsTo(String model) {
        return calls.stream().filter(model::equals).count();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, StreamListener.ignoring());
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        String model = request.model().orElseThrow();
        calls.add(model);
        Deque<Step> script = scripts.get(model);
        if (script == null) {
            throw new AssertionError("no script for model " + model);
        }
        Step step;
        synchronized (script) {
            step = script.size() > 1 ? script.pollFirst() : script.peekFirst();
        }
        return step.play(request, listener);
    }

    static Step answer(String text) {
        return answer(text, Usage.NONE);
    }

    static Step answer(String text, Usage usage) {
        return (request, listener) -> {
            listener.onTextDelta(text);
            return new ChatResponse(request.model().orElseThrow(), Message.assistant(text), FinishReason.STOP, usage);
        };
    }

    static Step echo() {
        return (request, listener) -> {
            String text = request.messages().getLast().content();
            return new ChatResponse(
                    request.model().orElseThrow(), Message.assistant(text), FinishReason.STOP, Usage.NONE);
        };
    }

    static Step emptyLength(Usage usage) {
        return (request, listener) ->
                new ChatResponse(request.model().orElseThrow(), Message.assistant(""), FinishReason.LENGTH, usage);
    }

    static Step fail(ModelFailure failure) {
        return (request, listener) -> {
            String model = request.model().orElseThrow();
            throw new ModelException(model, failure, "model " + model + ": " + failure);
        };
    }

    static Step streamThenFail(String text, ModelFailure failure) {
        return (request, listener) -> {
            listener.onTextDelta(text);
            String model = request.model().orElseThrow();
            throw new ModelException(model, failure, "model " + model + ": " + failure);
        };
    }
}

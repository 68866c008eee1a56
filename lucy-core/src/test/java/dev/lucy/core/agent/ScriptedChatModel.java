package dev.lucy.core.agent;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A working in-memory model for tests: answers each request with the next step of its script and records every
 * request it saw. Once the script is used up it answers with its fallback step, if it has one.
 */
final class ScriptedChatModel implements ChatModel {
    static final String MODEL = "scripted-model";

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private Function<ChatRequest, ChatResponse> fallback;

    ScriptedChatModel then(Function<ChatRequest, ChatResponse> step) {
        lock.lock();
        try {
            script.add(step);
        } finally {
            lock.unlock();
        }
        return this;
    }

    ScriptedChatModel thenAnswer(String text) {
        return then(request -> answer(text));
    }

    ScriptedChatModel thenCall(ToolCall... calls) {
        return then(request -> calls(calls));
    }

    /** What the model answers once the script is used up. */
    ScriptedChatModel otherwise(Function<ChatRequest, ChatResponse> step) {
        this.fallback = step;
        return this;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Function<ChatRequest, ChatResponse> step;
        lock.lock();
        try {
            requests.add(request);
            step = script.isEmpty() ? fallback : script.poll();
        } finally {
            lock.unlock();
        }
        if (step == null) {
            throw new AssertionError("the model was asked more often than scripted: " + request.messages());
        }
        return step.apply(request);
    }

    List<ChatRequest> requests() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    ChatRequest lastRequest() {
        return requests().getLast();
    }

    static ChatResponse answer(String text) {
        return new ChatResponse(MODEL, Message.assistant(text), FinishReason.STOP, new Usage(10, 5));
    }

    static ChatResponse calls(ToolCall... calls) {
        return new ChatResponse(MODEL, Message.toolCalls(List.of(calls)), FinishReason.TOOL_CALLS, new Usage(10, 5));
    }

    static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    /** Tool results in the request, by the content the model would read. */
    static List<Message.Tool> toolResults(ChatRequest request) {
        return request.messages().stream()
                .filter(Message.Tool.class::isInstance)
                .map(Message.Tool.class::cast)
                .toList();
    }
}

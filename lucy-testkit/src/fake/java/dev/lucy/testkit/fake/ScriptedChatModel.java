package dev.lucy.testkit.fake;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A working in-process {@link ChatModel} for tests: answers each request from a script and records every request
 * it saw. No HTTP; for the wire itself use the {@code ScriptedModelServer}.
 *
 * <pre>{@code
 * ScriptedChatModel model = new ScriptedChatModel()
 *         .thenCall(ScriptedChatModel.call("c1", "search", "{\"q\":\"refund\"}"))
 *         .thenAnswer("Three refunds are open.");
 * Agent agent = Agent.builder().model(model).tools(tools).build();
 * }</pre>
 *
 * <p>A request is answered by, in order: the script of the model it names ({@link #on(String, Step...)}: steps
 * in order, the last one repeating), the next step queued with {@code then...}, the fallback
 * ({@link #otherwise(Function)}). With none of them the call fails with an {@link AssertionError} naming the
 * request. A step may stream text to the listener and may throw a {@link ModelException}, as a real endpoint would.
 * Steps given as a plain function report the whole text to the listener once, at the end, as
 * {@link ChatModel#chat(ChatRequest, StreamListener)} does by default. Thread safe; steps run on the calling thread,
 * outside the lock (which guards only the script and the record, so it never blocks).
 */
public final class ScriptedChatModel implements ChatModel {

    /** The model name of the responses {@link #answer(String)} and {@link #calls(ToolCall...)} build. */
    public static final String MODEL = "scripted-model";

    /** The usage of the responses {@link #answer(String)} and {@link #calls(ToolCall...)} build. */
    public static final Usage USAGE = new Usage(10, 5);

    /** One scripted answer to one request. */
    @FunctionalInterface
    public interface Step {
        ChatResponse play(ChatRequest request, StreamListener listener);

        /** Answers with {@code response(request)}, reporting its text to the listener once at the end. */
        static Step of(Function<ChatRequest, ChatResponse> response) {
            return (request, listener) -> {
                ChatResponse answer = response.apply(request);
                if (!answer.message().content().isEmpty()) {
                    listener.onTextDelta(answer.message().content());
                }
                return answer;
            };
        }

        /** Streams {@code text} and answers it, as the model the request names, with no usage. */
        static Step answer(String text) {
            return answer(text, Usage.NONE);
        }

        /** Streams {@code text} and answers it, as the model the request names, with {@code usage}. */
        static Step answer(String text, Usage usage) {
            return (request, listener) -> {
                listener.onTextDelta(text);
                return new ChatResponse(modelOf(request), Message.assistant(text), FinishReason.STOP, usage);
            };
        }

        /** Answers with the text of the request's last message. */
        static Step echo() {
            return (request, listener) -> new ChatResponse(
                    modelOf(request),
                    Message.assistant(request.messages().getLast().content()),
                    FinishReason.STOP,
                    Usage.NONE);
        }

        /** An empty answer cut off by the token limit ({@code finish_reason: length}). */
        static Step emptyLength(Usage usage) {
            return (request, listener) ->
                    new ChatResponse(modelOf(request), Message.assistant(""), FinishReason.LENGTH, usage);
        }

        /** Fails as the endpoint would with {@code failure}. */
        static Step fail(ModelFailure failure) {
            return (request, listener) -> {
                throw failure(request, failure);
            };
        }

        /** Streams {@code text}, then fails with {@code failure}. */
        static Step streamThenFail(String text, ModelFailure failure) {
            return (request, listener) -> {
                listener.onTextDelta(text);
                throw failure(request, failure);
            };
        }

        private static ModelException failure(ChatRequest request, ModelFailure failure) {
            String model = modelOf(request);
            return new ModelException(model, failure, "model " + model + ": " + failure);
        }
    }

    private final Object lock = new Object();
    private final Map<String, Deque<Step>> byModel = new HashMap<>();
    private final Deque<Step> queue = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private Step fallback;

    /** Requests naming {@code model} get {@code steps} in order, the last one repeating; replaces its script. */
    public ScriptedChatModel on(String model, Step... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("a script for " + model + " needs at least one step");
        }
        synchronized (lock) {
            byModel.put(model, new ArrayDeque<>(List.of(steps)));
        }
        return this;
    }

    /** Queues a step for the next request no model script answers. */
    public ScriptedChatModel then(Step step) {
        synchronized (lock) {
            queue.add(step);
        }
        return this;
    }

    /** Queues an answer computed from the request. */
    public ScriptedChatModel then(Function<ChatRequest, ChatResponse> response) {
        return then(Step.of(response));
    }

    /** Queues a plain text answer ({@link #answer(String)}). */
    public ScriptedChatModel thenAnswer(String text) {
        return then(request -> answer(text));
    }

    /** Queues tool calls ({@link #calls(ToolCall...)}). */
    public ScriptedChatModel thenCall(ToolCall... calls) {
        return then(request -> calls(calls));
    }

    /** What answers once the queue is used up (and no model script applies). */
    public ScriptedChatModel otherwise(Function<ChatRequest, ChatResponse> response) {
        Step step = Step.of(response);
        synchronized (lock) {
            fallback = step;
        }
        return this;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return chat(request, StreamListener.ignoring());
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Step step;
        synchronized (lock) {
            requests.add(request);
            step = next(request);
        }
        if (step == null) {
            throw new AssertionError(
                    "the model was asked more often than scripted (" + modelOf(request) + "): " + request.messages());
        }
        return step.play(request, listener);
    }

    /** Every request so far, in order. */
    public List<ChatRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The latest request. */
    public ChatRequest lastRequest() {
        return requests().getLast();
    }

    /** The model each request named ({@link #MODEL} for none), in order. */
    public List<String> modelsCalled() {
        return requests().stream().map(ScriptedChatModel::modelOf).toList();
    }

    /** How many requests named {@code model}. */
    public long callsTo(String model) {
        return modelsCalled().stream().filter(model::equals).count();
    }

    /** A final text answer from {@link #MODEL}. */
    public static ChatResponse answer(String text) {
        return new ChatResponse(MODEL, Message.assistant(text), FinishReason.STOP, USAGE);
    }

    /** An answer from {@link #MODEL} that calls tools. */
    public static ChatResponse calls(ToolCall... calls) {
        return new ChatResponse(MODEL, Message.toolCalls(List.of(calls)), FinishReason.TOOL_CALLS, USAGE);
    }

    public static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    /** The tool results in a request, in order, as the model reads them. */
    public static List<Message.Tool> toolResults(ChatRequest request) {
        return request.messages().stream()
                .filter(Message.Tool.class::isInstance)
                .map(Message.Tool.class::cast)
                .toList();
    }

    private Step next(ChatRequest request) {
        Deque<Step> script = request.model().map(byModel::get).orElse(null);
        if (script != null) {
            return script.size() > 1 ? script.pollFirst() : script.peekFirst();
        }
        return queue.isEmpty() ? fallback : queue.poll();
    }

    private static String modelOf(ChatRequest request) {
        return request.model().orElse(MODEL);
    }
}

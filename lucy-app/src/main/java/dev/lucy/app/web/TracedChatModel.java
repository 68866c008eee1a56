package dev.lucy.app.web;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.Usage;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A model endpoint whose every request (each attempt, below retries and fallbacks) is added to the trace of the run
 * that made it: the model, the outcome, the tokens and how long it took. Requests made outside a traced run pass as is.
 */
final class TracedChatModel implements ChatModel {
    private final ChatModel model;
    private final Supplier<TracedRun> current;

    TracedChatModel(ChatModel model, Supplier<TracedRun> current) {
        this.model = model;
        this.current = current;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return traced(request, () -> model.chat(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        return traced(request, () -> model.chat(request, listener));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
        return traced(request, () -> model.chat(request, listener, events));
    }

    private ChatResponse traced(ChatRequest request, Supplier<ChatResponse> call) {
        TracedRun run = current.get();
        if (run == null) {
            return call.get();
        }
        String asked = request.model().orElse("the default model");
        long start = System.nanoTime();
        try {
            ChatResponse response = call.get();
            record(run, response.model().isBlank() ? asked : response.model(), "ok", response.usage(), start);
            return response;
        } catch (ModelException e) {
            record(run, asked, "failed (" + e.failure().getClass().getSimpleName() + ")", Usage.NONE, start);
            throw e;
        } catch (RuntimeException e) {
            record(run, asked, "failed", Usage.NONE, start);
            throw e;
        }
    }

    private static void record(TracedRun run, String model, String outcome, Usage usage, long start) {
        try {
            run.modelRequest(model, outcome, usage, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // a trace never breaks a run
        }
    }
}

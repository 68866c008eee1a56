package dev.lucy.app.ops;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.StreamListener;
import java.time.Duration;
import java.util.function.Supplier;

/** A model endpoint whose every request is counted and timed by {@link LucyMetrics}, whatever its outcome. */
final class MeasuredChatModel implements ChatModel {
    private final ChatModel model;
    private final LucyMetrics metrics;

    MeasuredChatModel(ChatModel model, LucyMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return measure(request, () -> model.chat(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        return measure(request, () -> model.chat(request, listener));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
        return measure(request, () -> model.chat(request, listener, events));
    }

    private ChatResponse measure(ChatRequest request, Supplier<ChatResponse> call) {
        String name = request.model().orElse(LucyMetrics.DEFAULT_MODEL);
        long start = System.nanoTime();
        try {
            ChatResponse response = call.get();
            metrics.modelRequest(name, LucyMetrics.OK, since(start));
            return response;
        } catch (ModelException e) {
            metrics.modelRequest(name, LucyMetrics.failureName(e.failure()), since(start));
            throw e;
        } catch (RuntimeException e) {
            // Not a failure the model client reported: a bug or broken infrastructure.
            metrics.modelRequest(name, LucyMetrics.UNEXPECTED, since(start));
            throw e;
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

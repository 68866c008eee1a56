package dev.lucy.app.ops;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.ModelEventListener;
import dev.lucy.core.model.StreamListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model endpoint that tells an {@link Observer} how each of its requests ended and how long it took, whatever the
 * outcome. Wrap the endpoint itself, below retries and fallbacks, so that each attempt is one request. The metrics
 * ({@link LucyMetrics#measured}) and the web console's run traces observe requests through it.
 */
public final class ObservedChatModel implements ChatModel {
    /** Who hears about requests. */
    @FunctionalInterface
    public interface Observer {
        /** A request begins: what to tell when it ends, or empty to let it pass unobserved. */
        Optional<Ending> begins(ChatRequest request);
    }

    /** How one request ended. */
    public interface Ending {
        void answered(ChatResponse response, Duration took);

        /** The request threw {@code failure} (a {@code ModelException} when the model client reported it). */
        void failed(RuntimeException failure, Duration took);
    }

    private final ChatModel model;
    private final Observer observer;

    public ObservedChatModel(ChatModel model, Observer observer) {
        this.model = Objects.requireNonNull(model, "model");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return observed(request, () -> model.chat(request));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        return observed(request, () -> model.chat(request, listener));
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
        return observed(request, () -> model.chat(request, listener, events));
    }

    private ChatResponse observed(ChatRequest request, Supplier<ChatResponse> call) {
        Optional<Ending> ending = observer.begins(request);
        if (ending.isEmpty()) {
            return call.get();
        }
        long start = System.nanoTime();
        ChatResponse response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            ending.get().failed(e, since(start));
            throw e;
        }
        ending.get().answered(response, since(start));
        return response;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

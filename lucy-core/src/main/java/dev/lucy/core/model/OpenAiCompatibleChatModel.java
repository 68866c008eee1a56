package dev.lucy.core.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lucy.core.LucyVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChatModel} over an OpenAI-compatible chat-completions API (OpenRouter by default; OpenAI, vLLM, Ollama,
 * LM Studio and others by base URL), on {@link java.net.http.HttpClient}.
 *
 * <p>Thread safe: share one instance per server. Calls block the calling thread (use virtual threads) and at most
 * {@link ModelClientConfig#maxConcurrentRequests()} are in flight at once; the rest wait their turn in order, so a
 * burst never exceeds the server's HTTP/2 stream limit. Every failure is a {@link ModelException} typed by cause;
 * nothing the server sends, however malformed, escapes as another exception. This client does not retry: wrap it in
 * a {@link ResilientChatModel} for retries, fallbacks, circuit breakers and rate budgets.
 *
 * <p>Closing it releases the HTTP client's connections and threads.
 */
public final class OpenAiCompatibleChatModel implements ChatModel, AutoCloseable {
    private static final int MAX_ERROR_BODY_CHARS = 64 * 1024;

    private final ModelClientConfig config;
    private final URI chatCompletions;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final WireFormat wire;
    private final ErrorMapper errors;
    private final String userAgent;

    private OpenAiCompatibleChatModel(ModelClientConfig config, Clock clock) {
        this.config = config;
        this.chatCompletions = config.chatCompletionsUri();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        if ("http".equalsIgnoreCase(config.baseUrl().getScheme())) {
            // Plain HTTP would attempt an h2c upgrade on every new connection; servers on cleartext speak 1.1.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        this.http = builder.build();
        this.inFlight = new Semaphore(config.maxConcurrentRequests(), true);
        // Jackson keeps its buffers per thread by default; every call runs on a new virtual thread, so it would
        // allocate fresh ones for every request and chunk. A shared pool reuses them.
        ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                        .build())
                .build();
        this.wire = new WireFormat(json);
        this.errors = new ErrorMapper(json, config.apiKey(), clock);
        this.userAgent = "lucy/" + version();
    }

    public static OpenAiCompatibleChatModel create(ModelClientConfig config) {
        return new OpenAiCompatibleChatModel(Objects.requireNonNull(config, "config"), Clock.systemUTC());
    }

    /** For tests that need {@code Retry-After} dates read against a fixed time. */
    static OpenAiCompatibleChatModel create(ModelClientConfig config, Clock clock) {
        return new OpenAiCompatibleChatModel(config, clock);
    }

    public ModelClientConfig config() {
        return config;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return call(request, false, StreamListener.ignoring());
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        return call(request, true, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleChatModel[" + config + "]";
    }

    private ChatResponse call(ChatRequest request, boolean stream, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        String model = request.model().orElse(config.defaultModel());
        byte[] body = wire.encodeRequest(request, model, stream, config.streamUsage());
        HttpRequest.Builder http = HttpRequest.newBuilder(chatCompletions)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.apiKey().ifPresent(key -> http.header("Authorization", "Bearer " + key));
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            http.header(h.getKey(), h.getValue());
        }
        acquireSlot(model);
        try {
            return exchange(http.build(), model, stream, listener);
        } finally {
            inFlight.release();
        }
    }

    private void acquireSlot(String model) {
        try {
            if (!inFlight.tryAcquire(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                ModelFailure failure = new ModelFailure.TimedOut(config.requestTimeout());
                throw new ModelException(
                        model,
                        failure,
                        "model " + model + ": TimedOut (all " + config.maxConcurrentRequests()
                                + " request slots stayed busy for " + config.requestTimeout() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(model);
        }
    }

    private ChatResponse exchange(HttpRequest request, String model, boolean stream, StreamListener listener) {
        LineChannel channel = new LineChannel(config.maxResponseChars());
        CompletableFuture<HttpResponse<Void>> future = http.sendAsync(request, channel);
        future.whenComplete((response, error) -> {
            if (error != null) {
                channel.failed(error);
            }
        });
        boolean finished = false;
        try {
            long start = System.nanoTime();
            // A streamed answer must begin within the first-token timeout, when that is the shorter one.
            Optional<Duration> firstToken = stream && config.firstTokenTimeout().compareTo(config.requestTimeout()) < 0
                    ? Optional.of(config.firstTokenTimeout())
                    : Optional.empty();
            long firstTokenDeadline = start + firstToken.orElse(Duration.ZERO).toNanos();
            // A little beyond the request timeout, which the HTTP client enforces itself and reports precisely.
            LineChannel.Item first =
                    channel.poll(firstToken.orElse(config.requestTimeout().plusSeconds(1)));
            LineChannel.Head head = switch (first) {
                case null ->
                    throw firstToken.isPresent()
                            ? noFirstToken(model, firstToken.get())
                            : timedOut(model, config.requestTimeout());
                case LineChannel.Failed f -> throw errors.fromIo(model, f.error(), false, config.requestTimeout());
                case LineChannel.Head h -> h;
                case LineChannel.Line l -> throw new IllegalStateException("body before headers");
                case LineChannel.End e -> throw new IllegalStateException("end before headers");
            };
            if (head.status() < 200 || head.status() > 299) {
                String text = readBody(channel, model, start, MAX_ERROR_BODY_CHARS, true);
                Optional<Duration> retryAfter = errors.retryAfter(
                        head.headers().firstValue("retry-after"), head.headers().firstValue("retry-after-ms"));
                throw errors.fromStatus(model, head.status(), retryAfter, text);
            }
            ChatResponse response;
            // Trust what the server sent over what was asked for: some ignore "stream" one way or the other.
            boolean sse = contentType(head.headers()).contains("text/event-stream")
                    || (stream && !contentType(head.headers()).contains("json"));
            if (!sse) {
                String text = readBody(channel, model, start, config.maxResponseChars(), false);
                finished = true;
                response = wire.decodeResponse(text, model, errors);
                if (stream && !response.message().content().isEmpty()) {
                    listener.onTextDelta(response.message().content());
                }
            } else {
                response = readStream(channel, model, listener, firstToken.map(limit -> firstTokenDeadline));
                finished = true;
            }
            if (response.isEmpty() && response.finishReason() == FinishReason.CONTENT_FILTER) {
                throw new ModelException(
                        model,
                        new ModelFailure.ContentFiltered("the provider withheld the answer"),
                        "model " + model + ": ContentFiltered (the provider withheld the answer)");
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(model);
        } finally {
            if (!finished) {
                channel.cancel();
                future.cancel(true);
            }
        }
    }

    private String readBody(LineChannel channel, String model, long startNanos, int maxChars, boolean lenient)
            throws InterruptedException {
        StringBuilder text = new StringBuilder();
        long deadline = startNanos + config.requestTimeout().toNanos();
        while (true) {
            LineChannel.Item item = channel.poll(Duration.ofNanos(deadline - System.nanoTime()));
            switch (item) {
                case null -> {
                    if (lenient) {
                        return text.toString();
                    }
                    throw timedOut(model, config.requestTimeout());
                }
                case LineChannel.End e -> {
                    return text.toString();
                }
                case LineChannel.Failed f -> {
                    if (lenient) {
                        return text.toString();
                    }
                    throw errors.fromIo(model, f.error(), true, config.requestTimeout());
                }
                case LineChannel.Line l -> {
                    if (text.length() + l.text().length() > maxChars) {
                        if (lenient) {
                            return text.toString();
                        }
                        throw WireFormat.malformed(model, "the answer exceeds " + maxChars + " characters", null);
                    }
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(l.text());
                }
                case LineChannel.Head h -> throw new IllegalStateException("second head");
            }
        }
    }

    /** @param firstTokenBy the {@link System#nanoTime()} by which the first event must come, when it is bounded */
    private ChatResponse readStream(
            LineChannel channel, String model, StreamListener listener, Optional<Long> firstTokenBy)
            throws InterruptedException {
        SseDecoder sse = new SseDecoder();
        StreamAssembler answer = new StreamAssembler(wire.json(), errors, model, listener, config.maxResponseChars());
        long received = 0;
        boolean begun = firstTokenBy.isEmpty();
        while (true) {
            Duration wait = config.streamIdleTimeout();
            boolean waitingForFirst = false;
            if (!begun) {
                Duration left = Duration.ofNanos(Math.max(0, firstTokenBy.get() - System.nanoTime()));
                if (left.compareTo(wait) < 0) {
                    wait = left;
                    waitingForFirst = true;
                }
            }
            LineChannel.Item item = channel.poll(wait);
            if (item == null && waitingForFirst) {
                throw noFirstToken(model, config.firstTokenTimeout());
            }
            if (item instanceof LineChannel.Line l) {
                // Counts every line, not only data, so an endless stream of comments or junk ends too.
                received += l.text().length() + 1;
                if (received > 2L * config.maxResponseChars()) {
                    throw WireFormat.malformed(
                            model, "the stream exceeds " + config.maxResponseChars() + " characters", null);
                }
            }
            switch (item) {
                case null ->
                    throw new ModelException(
                            model,
                            new ModelFailure.TimedOut(config.streamIdleTimeout()),
                            "model " + model + ": TimedOut (the stream paused longer than " + config.streamIdleTimeout()
                                    + ")");
                case LineChannel.Line l -> {
                    Optional<String> event = sse.line(l.text());
                    if (event.isPresent()) {
                        begun = true;
                        answer.accept(event.get());
                    }
                }
                case LineChannel.End e -> {
                    sse.flush().ifPresent(answer::accept);
                    return answer.finish();
                }
                case LineChannel.Failed f -> throw errors.fromIo(model, f.error(), true, config.streamIdleTimeout());
                case LineChannel.Head h -> throw new IllegalStateException("second head");
            }
        }
    }

    private static String contentType(HttpHeaders headers) {
        return headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    }

    private static ModelException timedOut(String model, Duration after) {
        return new ModelException(
                model,
                new ModelFailure.TimedOut(after),
                "model " + model + ": TimedOut (no answer within " + after + ")");
    }

    private static ModelException noFirstToken(String model, Duration after) {
        return new ModelException(
                model,
                new ModelFailure.FirstTokenTimedOut(after),
                "model " + model + ": FirstTokenTimedOut (no part of the answer within " + after + ")");
    }

    private static ModelException cancelled(String model) {
        return new ModelException(model, new ModelFailure.Cancelled(), "model " + model + ": the call was cancelled");
    }

    private static String version() {
        try {
            return Optional.ofNullable(LucyVersion.current()).orElse("dev");
        } catch (RuntimeException e) {
            return "dev";
        }
    }
}

package dev.lucy.core.model;

import dev.lucy.core.Sleeper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A {@link ChatModel} that keeps answering when providers misbehave: model tiers with ordered fallbacks, retries
 * typed by failure, a circuit breaker per model and per-model rate budgets. It wraps the endpoint that really
 * talks to the provider (usually an {@link OpenAiCompatibleChatModel}).
 *
 * <p>Per call, models are tried in order. On one model:
 *
 * <ul>
 *   <li>rate limited: waits the provider's {@code Retry-After} (or the backoff when there is none), up to {@link
 *       ResilienceConfig#maxRetryAfter()}; a longer hint, or one longer than the call may still wait, moves on to
 *       the next model at once;
 *   <li>overloaded (5xx), timed out, connection failed, stream broken, malformed answer: exponential backoff with
 *       jitter, up to {@link ResilienceConfig#maxAttemptsPerModel()} attempts, then the next model;
 *   <li>no first token within the client's first-token timeout: the next model at once (backoff on the last one);
 *   <li>an empty answer cut off by the token limit ({@code finish_reason: length}): the next model at once;
 *   <li>circuit open, or the rate budget would wait beyond {@link ResilienceConfig#maxBudgetWait()} or what the call
 *       may still wait: the next model;
 *   <li>authentication, bad request, content filtered, cancelled, context too long: thrown at once, typed, so the
 *       caller can fix the request (compact the context and try again, for example).
 * </ul>
 *
 * <p>Every wait counts against {@link ResilienceConfig#maxTotalWait()} for the whole call, and, when the request has a
 * {@linkplain ChatRequest#timeLimit() time limit}, a wait may take at most half of the time left, so the call after
 * it still has time to answer. A wait that does not fit is not started: the call moves on to the next model, or,
 * on the last one, fails typed at once (a rate limit keeps the provider's hint, so the person can be told when to
 * try again). A streamed answer that does not begin within the client's first-token timeout ({@link
 * ModelFailure.FirstTokenTimedOut}) moves on to the next model at once.
 *
 * <p>A streamed answer that breaks after some of its text reached the listener (the connection closed, an error
 * event or a pause before the final chunk) starts over once per call, from the beginning, when the caller hears
 * about it: through {@link #chat(ChatRequest, StreamListener, ModelEventListener)}, which reports {@link
 * ModelEvent.StreamRestarted} before any new text, so the caller can discard what it showed. Without such a
 * listener, or a second time, the failure is thrown, so no listener sees text twice unknowingly. When every model
 * failed, the last failure is thrown. Token usage of discarded answers is added to the usage of the one returned.
 *
 * <p>Thread safe; calls block the calling thread and honour interruption with {@link ModelFailure.Cancelled}.
 * Time (backoff, {@code Retry-After}, breaker waits, budgets) runs on the injected clock and sleeper.
 */
public final class ResilientChatModel implements ChatModel {
    private final ChatModel endpoint;
    private final Map<String, ChatModel> routes;
    private final ResilienceConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<RandomGenerator> random;
    private final RateBudget budget;
    private final ModelEventListener listener;
    private final CircuitBreakerConfig breakerConfig;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    private ResilientChatModel(Builder b) {
        this.endpoint = b.endpoint;
        this.routes = Map.copyOf(b.routes);
        this.config = b.config;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.budget = b.budget != null ? b.budget : RateBudget.inMemory(b.clock);
        this.listener = b.listener;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRateThreshold())
                .waitDurationInOpenState(config.openDuration())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ResilientChatModel::countsAgainstHealth)
                .ignoreException(t -> !countsAgainstHealth(t))
                .clock(clock)
                .build();
    }

    /** A resilient model over {@code endpoint}, which serves every model name unless {@link Builder#route} says. */
    public static Builder builder(ChatModel endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Answers with the request's model and that model's fallbacks (the models after it in the first tier that
     * lists it); a request without a model uses the {@link ModelTier#DEFAULT} tier.
     */
    @Override
    public ChatResponse chat(ChatRequest request) {
        return run(
                candidates(Optional.empty(), request), request, Optional.empty(), ModelEventListener.ignoring(), false);
    }

    /** Streams; a stream that breaks after text reached {@code listener} is not started over (no one would know). */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        return run(
                candidates(Optional.empty(), request),
                request,
                Optional.of(listener),
                ModelEventListener.ignoring(),
                false);
    }

    /**
     * Streams, and reports this call's retries, waits, fallbacks and restarts to {@code events} as well. A stream that
     * breaks after text reached {@code listener} starts over once, after {@link ModelEvent.StreamRestarted}: the
     * caller discards the text it received so far. Circuit breaker changes belong to a model, not to one call: they go
     * to the {@linkplain Builder#listener model's listener}.
     */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener, ModelEventListener events) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(events, "events");
        return run(candidates(Optional.empty(), request), request, Optional.of(listener), events, true);
    }

    /** A view that always answers from {@code tier}'s models, whatever model a request names. */
    public ChatModel tier(ModelTier tier) {
        Objects.requireNonNull(tier, "tier");
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                return run(
                        candidates(Optional.of(tier), request),
                        request,
                        Optional.empty(),
                        ModelEventListener.ignoring(),
                        false);
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener streamListener) {
                Objects.requireNonNull(streamListener, "listener");
                return run(
                        candidates(Optional.of(tier), request),
                        request,
                        Optional.of(streamListener),
                        ModelEventListener.ignoring(),
                        false);
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener streamListener, ModelEventListener events) {
                return ResilientChatModel.this.chat(tier, request, streamListener, events);
            }

            @Override
            public String toString() {
                return "ResilientChatModel.tier(" + tier + ")";
            }
        };
    }

    /**
     * Streams from {@code tier}'s models and reports this call's events to {@code events}, like {@link
     * #chat(ChatRequest, StreamListener, ModelEventListener)}.
     */
    public ChatResponse chat(ModelTier tier, ChatRequest request, StreamListener listener, ModelEventListener events) {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(events, "events");
        return run(candidates(Optional.of(tier), request), request, Optional.of(listener), events, true);
    }

    /** The state of a model's circuit breaker; {@link CircuitState#CLOSED} for a model not called yet. */
    public CircuitState circuitState(String model) {
        CircuitBreaker breaker = breakers.get(model);
        return breaker == null ? CircuitState.CLOSED : state(breaker.getState());
    }

    public ResilienceConfig config() {
        return config;
    }

    List<String> candidates(Optional<ModelTier> tier, ChatRequest request) {
        if (tier.isPresent()) {
            return escalated(tier.get(), config.models(tier.get()));
        }
        if (request.model().isEmpty()) {
            return escalated(ModelTier.DEFAULT, config.models(ModelTier.DEFAULT));
        }
        String model = request.model().get();
        for (ModelTier t : List.of(ModelTier.DEFAULT, ModelTier.FAST, ModelTier.FRONTIER)) {
            List<String> models = config.models(t);
            int at = models.indexOf(model);
            if (at >= 0) {
                return escalated(t, models.subList(at, models.size()));
            }
        }
        return List.of(model);
    }

    private List<String> escalated(ModelTier tier, List<String> models) {
        if (!config.escalate()) {
            return models;
        }
        LinkedHashSet<String> all = new LinkedHashSet<>(models);
        for (ModelTier stronger : ModelTier.values()) {
            if (stronger.compareTo(tier) > 0) {
                all.addAll(config.models(stronger));
            }
        }
        return List.copyOf(all);
    }

    /**
     * @param restartable whether the caller hears about a restarted stream ({@link ModelEvent.StreamRestarted}), so a
     *     stream that broke after text reached it may start over
     */
    private ChatResponse run(
            List<String> models,
            ChatRequest request,
            Optional<StreamListener> stream,
            ModelEventListener events,
            boolean restartable) {
        Emitter emit = new Emitter(listener, events);
        Waits waits = new Waits(config.maxTotalWait(), request.timeLimit(), clock);
        Usage discarded = Usage.NONE;
        ModelException last = null;
        boolean restarted = false;
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            Optional<String> next = i + 1 < models.size() ? Optional.of(models.get(i + 1)) : Optional.empty();
            ChatRequest addressed = request.withModel(model);
            for (int attempt = 1; ; attempt++) {
                Outcome outcome = attempt(model, addressed, stream, emit, waits);
                if (outcome instanceof Outcome.Answer answer) {
                    ChatResponse response = answer.response();
                    if (response.isEmpty() && response.finishReason() == FinishReason.LENGTH && next.isPresent()) {
                        discarded = discarded.plus(response.usage());
                        emit.accept(new ModelEvent.FallingBack(
                                model,
                                next.get(),
                                Optional.empty(),
                                "empty answer cut off by the token limit (finish_reason length)"));
                        break;
                    }
                    return discarded.equals(Usage.NONE) ? response : withUsage(response, discarded);
                }
                Outcome.Failed failed = (Outcome.Failed) outcome;
                last = failed.error();
                Decision decision = decide(failed, attempt, next.isPresent(), waits);
                boolean goesOn = decision instanceof Decision.Retry
                        || (decision instanceof Decision.NextModel && next.isPresent());
                if (failed.delivered()) {
                    // Part of this answer is already out: start over only once, and only for a caller who knows.
                    if (!restartable || restarted || !goesOn) {
                        throw failed.error();
                    }
                    restarted = true;
                    emit.accept(
                            new ModelEvent.StreamRestarted(model, failed.error().failure()));
                }
                if (decision instanceof Decision.Retry retry) {
                    emit.accept(new ModelEvent.Retrying(
                            model, attempt, failed.error().failure(), retry.delay()));
                    pause(model, retry.delay(), waits);
                    continue;
                }
                if (!goesOn) {
                    throw failed.error();
                }
                emit.accept(new ModelEvent.FallingBack(
                        model, next.get(), Optional.of(failed.error().failure()), failed.reason()));
                break;
            }
        }
        throw Objects.requireNonNull(last, "no model to ask");
    }

    private Outcome attempt(
            String model, ChatRequest request, Optional<StreamListener> stream, Emitter emit, Waits waits) {
        CircuitBreaker breaker = breaker(model);
        if (!breaker.tryAcquirePermission()) {
            return new Outcome.Failed(
                    new ModelException(
                            model,
                            new ModelFailure.CircuitOpen(model),
                            "model " + model + ": CircuitOpen (it failed too often recently)"),
                    false,
                    "circuit open");
        }
        Reservation reservation;
        Duration maxBudgetWait = min(config.maxBudgetWait(), waits.allowance());
        try {
            reservation = reserve(model, request, maxBudgetWait);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        if (reservation.exhausted()) {
            breaker.releasePermission();
            return new Outcome.Failed(
                    new ModelException(
                            model,
                            new ModelFailure.RateLimited(Optional.of(config.maxBudgetWait())),
                            "model " + model + ": RateLimited (its rate budget has no room within " + maxBudgetWait
                                    + ")"),
                    false,
                    "rate budget exhausted");
        }
        if (reservation.delay().isPositive()) {
            emit.accept(new ModelEvent.BudgetWaited(model, reservation.delay()));
            try {
                pause(model, reservation.delay(), waits);
            } catch (ModelException cancelled) {
                breaker.releasePermission();
                throw cancelled;
            }
        }
        long start = clock.millis();
        CountingListener counting = stream.map(CountingListener::new).orElse(null);
        try {
            ChatModel target = routes.getOrDefault(model, endpoint);
            ChatResponse response = counting == null ? target.chat(request) : target.chat(request, counting);
            breaker.onSuccess(clock.millis() - start, TimeUnit.MILLISECONDS);
            reservation.settle(response.usage());
            return new Outcome.Answer(response);
        } catch (ModelException e) {
            breaker.onError(clock.millis() - start, TimeUnit.MILLISECONDS, e);
            reservation.giveBack();
            return new Outcome.Failed(e, counting != null && counting.delivered, reason(e.failure()));
        } catch (RuntimeException e) {
            breaker.onError(clock.millis() - start, TimeUnit.MILLISECONDS, e);
            reservation.giveBack();
            throw e;
        }
    }

    private Decision decide(Outcome.Failed failed, int attempt, boolean hasNext, Waits waits) {
        boolean exhausted = attempt >= config.maxAttemptsPerModel();
        return switch (failed.error().failure()) {
            case ModelFailure.RateLimited r -> {
                if (failed.reason().equals("rate budget exhausted") || exhausted) {
                    yield new Decision.NextModel();
                }
                Duration delay = r.retryAfter().orElseGet(() -> backoff(attempt));
                yield delay.compareTo(config.maxRetryAfter()) > 0 ? new Decision.NextModel() : retry(delay, waits);
            }
            case ModelFailure.Overloaded o -> exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.TimedOut t -> exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.FirstTokenTimedOut f ->
                // A model that hangs tends to go on hanging: another one answers sooner.
                hasNext || exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.ConnectionFailed c ->
                exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.StreamBroken s -> exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.MalformedResponse m ->
                exhausted ? new Decision.NextModel() : retry(backoff(attempt), waits);
            case ModelFailure.CircuitOpen c -> new Decision.NextModel();
            case ModelFailure.ContextTooLong c -> new Decision.Surface();
            case ModelFailure.AuthFailed a -> new Decision.Surface();
            case ModelFailure.BadRequest b -> new Decision.Surface();
            case ModelFailure.ContentFiltered f -> new Decision.Surface();
            case ModelFailure.Cancelled c -> new Decision.Surface();
        };
    }

    /** Waits and tries the same model again, when the wait fits what the call may still wait; else the next model. */
    private static Decision retry(Duration delay, Waits waits) {
        return waits.allows(delay) ? new Decision.Retry(delay) : new Decision.NextModel();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Exponential backoff for the given failed attempt (from 1), with part of it random. */
    Duration backoff(int attempt) {
        double base = config.initialBackoff().toNanos() * Math.pow(config.backoffMultiplier(), attempt - 1);
        double capped = Math.min(base, config.maxBackoff().toNanos());
        double jittered = capped * (1.0 - config.jitter() * random.get().nextDouble());
        return Duration.ofNanos((long) jittered);
    }

    private void pause(String model, Duration delay, Waits waits) {
        waits.add(delay);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(
                    model, new ModelFailure.Cancelled(), "model " + model + ": the call was cancelled while waiting");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ModelException(
                    model, new ModelFailure.Cancelled(), "model " + model + ": the call was cancelled while waiting");
        }
    }

    private Reservation reserve(String model, ChatRequest request, Duration maxWait) {
        Optional<ResilienceConfig.Budget> limits = config.budget(model);
        if (limits.isEmpty()) {
            return Reservation.NONE;
        }
        Duration wait = Duration.ZERO;
        Optional<RateBudget.Limit> requests = limits.get().requests();
        Optional<RateBudget.Limit> tokens = limits.get().tokens();
        if (requests.isPresent()) {
            Optional<Duration> w = budget.reserve(model + "#requests", requests.get(), 1, maxWait);
            if (w.isEmpty()) {
                return Reservation.EXHAUSTED;
            }
            wait = w.get();
        }
        long estimate = 0;
        if (tokens.isPresent()) {
            estimate = estimateTokens(request);
            Optional<Duration> w = budget.reserve(model + "#tokens", tokens.get(), estimate, maxWait);
            if (w.isEmpty()) {
                requests.ifPresent(limit -> budget.adjust(model + "#requests", limit, 1));
                return Reservation.EXHAUSTED;
            }
            if (w.get().compareTo(wait) > 0) {
                wait = w.get();
            }
        }
        return new Reservation(false, wait, budget, model + "#tokens", tokens, estimate);
    }

    /** About four characters a token, plus the completion the request allows. */
    long estimateTokens(ChatRequest request) {
        long chars = 0;
        for (Message m : request.messages()) {
            chars += m.content().length() + 8;
            if (m instanceof Message.Assistant a) {
                for (ToolCall call : a.toolCalls()) {
                    chars += call.name().length() + call.arguments().length();
                }
            }
        }
        for (ToolSpec spec : request.tools()) {
            chars += spec.name().length()
                    + spec.description().length()
                    + spec.parametersSchema().length();
        }
        int completion = request.maxTokens().orElse(config.completionTokenEstimate());
        return chars / 4 + completion;
    }

    private CircuitBreaker breaker(String model) {
        return breakers.computeIfAbsent(model, name -> {
            CircuitBreaker breaker = CircuitBreaker.of(name, breakerConfig);
            breaker.getEventPublisher().onStateTransition(event -> {
                ModelEvent change = new ModelEvent.CircuitStateChanged(
                        name,
                        state(event.getStateTransition().getFromState()),
                        state(event.getStateTransition().getToState()));
                Emitter.safely(listener, change);
            });
            return breaker;
        });
    }

    private static CircuitState state(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> CircuitState.CLOSED;
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
        };
    }

    /**
     * Failures that say the provider is unwell; the rest (bad requests, auth, rate limits, and bugs such as a
     * listener that throws) do not count.
     */
    private static boolean countsAgainstHealth(Throwable t) {
        if (!(t instanceof ModelException e)) {
            return false;
        }
        return switch (e.failure()) {
            case ModelFailure.Overloaded o -> true;
            case ModelFailure.TimedOut o -> true;
            case ModelFailure.FirstTokenTimedOut o -> true;
            case ModelFailure.ConnectionFailed o -> true;
            case ModelFailure.StreamBroken o -> true;
            case ModelFailure.MalformedResponse o -> true;
            default -> false;
        };
    }

    private static String reason(ModelFailure failure) {
        return switch (failure) {
            case ModelFailure.RateLimited r -> "rate limited";
            case ModelFailure.Overloaded o -> "overloaded (HTTP " + o.status() + ")";
            case ModelFailure.TimedOut t -> "timed out";
            case ModelFailure.FirstTokenTimedOut f -> "no first token within " + f.after();
            case ModelFailure.ConnectionFailed c -> "connection failed";
            case ModelFailure.StreamBroken s -> "stream broken";
            case ModelFailure.MalformedResponse m -> "malformed answer";
            case ModelFailure.CircuitOpen c -> "circuit open";
            case ModelFailure.ContextTooLong c -> "context too long";
            case ModelFailure.AuthFailed a -> "authentication failed";
            case ModelFailure.BadRequest b -> "bad request";
            case ModelFailure.ContentFiltered f -> "content filtered";
            case ModelFailure.Cancelled c -> "cancelled";
        };
    }

    private static ChatResponse withUsage(ChatResponse response, Usage extra) {
        return new ChatResponse(
                response.model(),
                response.message(),
                response.finishReason(),
                response.usage().plus(extra));
    }

    @Override
    public String toString() {
        return "ResilientChatModel[" + config + "]";
    }

    private sealed interface Outcome {
        record Answer(ChatResponse response) implements Outcome {}

        /** {@code delivered}: streamed text reached the caller's listener before the failure. */
        record Failed(ModelException error, boolean delivered, String reason) implements Outcome {}
    }

    private sealed interface Decision {
        record Retry(Duration delay) implements Decision {}

        record NextModel() implements Decision {}

        record Surface() implements Decision {}
    }

    /**
     * What one call has waited on purpose so far, against {@link ResilienceConfig#maxTotalWait()} and the request's
     * time limit. Used by the calling thread only.
     */
    private static final class Waits {
        private final Duration cap;
        private final Optional<Duration> timeLimit;
        private final Clock clock;
        private final Instant start;
        private Duration waited = Duration.ZERO;

        Waits(Duration cap, Optional<Duration> timeLimit, Clock clock) {
            this.cap = cap;
            this.timeLimit = timeLimit;
            this.clock = clock;
            this.start = clock.instant();
        }

        /**
         * The longest wait that may start now: what is left of the cap, and at most half of the caller's time left,
         * so the call after the wait still has time to answer.
         */
        Duration allowance() {
            Duration left = cap.minus(waited);
            if (timeLimit.isPresent()) {
                Duration time = timeLimit
                        .get()
                        .minus(Duration.between(start, clock.instant()))
                        .dividedBy(2);
                left = min(left, time);
            }
            return left.isNegative() ? Duration.ZERO : left;
        }

        boolean allows(Duration wait) {
            return wait.compareTo(allowance()) <= 0;
        }

        void add(Duration wait) {
            waited = waited.plus(wait);
        }
    }

    /** A budget reservation, corrected by the real token usage once the answer is in. */
    private record Reservation(
            boolean exhausted,
            Duration delay,
            RateBudget budget,
            String tokensKey,
            Optional<RateBudget.Limit> tokens,
            long estimate) {
        static final Reservation NONE = new Reservation(false, Duration.ZERO, null, "", Optional.empty(), 0);
        static final Reservation EXHAUSTED = new Reservation(true, Duration.ZERO, null, "", Optional.empty(), 0);

        /** Swaps the estimate for what the answer really used, when the provider said. */
        void settle(Usage usage) {
            if (tokens.isPresent() && !usage.equals(Usage.NONE) && usage.totalTokens() != estimate) {
                budget.adjust(tokensKey, tokens.get(), estimate - usage.totalTokens());
            }
        }

        /** A failed call spent no completion; its whole token estimate goes back. */
        void giveBack() {
            if (tokens.isPresent() && estimate > 0) {
                budget.adjust(tokensKey, tokens.get(), estimate);
            }
        }
    }

    private static final class CountingListener implements StreamListener {
        private final StreamListener delegate;
        private boolean delivered;

        CountingListener(StreamListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onTextDelta(String delta) {
            delivered = true;
            delegate.onTextDelta(delta);
        }
    }

    /** Sends events to the model's listener and the call's own, never letting either break the call. */
    private record Emitter(ModelEventListener global, ModelEventListener call) {
        void accept(ModelEvent event) {
            safely(global, event);
            safely(call, event);
        }

        static void safely(ModelEventListener listener, ModelEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException ignored) {
                // A listener's bug must not fail the model call it observes.
            }
        }
    }

    public static final class Builder {
        private final ChatModel endpoint;
        private final Map<String, ChatModel> routes = new HashMap<>();
        private ResilienceConfig config = ResilienceConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Supplier<RandomGenerator> random = ThreadLocalRandom::current;
        private RateBudget budget;
        private ModelEventListener listener = ModelEventListener.ignoring();

        private Builder(ChatModel endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        public Builder config(ResilienceConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Sends calls for {@code model} to another endpoint (a local server as the last fallback, say). */
        public Builder route(String model, ChatModel endpoint) {
            Objects.requireNonNull(model, "model");
            routes.put(model, Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** The clock of breaker waits and rate budgets; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How backoff, {@code Retry-After} and budget waits wait; really sleeping by default. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The randomness of backoff jitter; it must be thread safe. {@code ThreadLocalRandom} by default. */
        public Builder random(RandomGenerator random) {
            Objects.requireNonNull(random, "random");
            this.random = () -> random;
            return this;
        }

        /** Where rate budgets are kept; in this process's memory on {@link #clock(Clock)} by default. */
        public Builder rateBudget(RateBudget budget) {
            this.budget = Objects.requireNonNull(budget, "rateBudget");
            return this;
        }

        /** Receives every call's retries, fallbacks, breaker changes and budget waits. */
        public Builder listener(ModelEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public ResilientChatModel build() {
            return new ResilientChatModel(this);
        }
    }
}

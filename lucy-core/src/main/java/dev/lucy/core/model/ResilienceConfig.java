package dev.lucy.core.model;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ResilientChatModel} retries, falls back, breaks circuits and budgets calls. Immutable; build with
 * {@link #builder()}, which validates every setting and names the bad one. {@link #defaults()} suits OpenRouter.
 */
public final class ResilienceConfig {
    public static final List<String> DEFAULT_FAST_MODELS = List.of("openai/gpt-5-nano", "openai/gpt-4o-mini");
    public static final List<String> DEFAULT_MODELS = List.of("openai/gpt-5-mini", "openai/gpt-4o-mini");
    public static final List<String> DEFAULT_FRONTIER_MODELS = List.of("openai/gpt-5", "anthropic/claude-sonnet-4");

    public static final int DEFAULT_MAX_ATTEMPTS_PER_MODEL = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.5;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    /**
     * One full {@code Retry-After} of the longest kind waited for, never two: a person in a chat hears about a wait,
     * but more than half a minute of it per model call is better spent on the next model or an honest "try again".
     */
    public static final Duration DEFAULT_MAX_TOTAL_WAIT = Duration.ofSeconds(30);

    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /**
     * Calls the breaker judges a model by. Wide enough that a provider failing one call in five does not open it
     * by chance (at 50 % over 50 calls that takes five standard deviations), which a window of 10 did now and then.
     */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 50;
    /** Calls before the breaker judges at all: a dead provider is still noticed within 20 calls. */
    public static final int DEFAULT_MINIMUM_CALLS = 20;

    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_HALF_OPEN_CALLS = 2;

    public static final Duration DEFAULT_MAX_BUDGET_WAIT = Duration.ofSeconds(60);
    public static final int DEFAULT_COMPLETION_TOKEN_ESTIMATE = 1024;

    private final Map<ModelTier, List<String>> tiers;
    private final boolean escalate;
    private final int maxAttemptsPerModel;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffMultiplier;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final Duration maxTotalWait;
    private final float failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration openDuration;
    private final int halfOpenCalls;
    private final Map<String, Budget> budgets;
    private final Optional<Budget> defaultBudget;
    private final Duration maxBudgetWait;
    private final int completionTokenEstimate;

    private ResilienceConfig(Builder b) {
        EnumMap<ModelTier, List<String>> t = new EnumMap<>(ModelTier.class);
        b.tiers.forEach((k, v) -> t.put(k, List.copyOf(v)));
        this.tiers = java.util.Collections.unmodifiableMap(t);
        this.escalate = b.escalate;
        this.maxAttemptsPerModel = b.maxAttemptsPerModel;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxTotalWait = b.maxTotalWait;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumCalls = b.minimumCalls;
        this.openDuration = b.openDuration;
        this.halfOpenCalls = b.halfOpenCalls;
        this.budgets = Map.copyOf(b.budgets);
        this.defaultBudget = b.defaultBudget;
        this.maxBudgetWait = b.maxBudgetWait;
        this.completionTokenEstimate = b.completionTokenEstimate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ResilienceConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.tiers = new EnumMap<>(tiers);
        b.escalate = escalate;
        b.maxAttemptsPerModel = maxAttemptsPerModel;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.backoffMultiplier = backoffMultiplier;
        b.jitter = jitter;
        b.maxRetryAfter = maxRetryAfter;
        b.maxTotalWait = maxTotalWait;
        b.failureRateThreshold = failureRateThreshold;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumCalls = minimumCalls;
        b.openDuration = openDuration;
        b.halfOpenCalls = halfOpenCalls;
        b.budgets = new HashMap<>(budgets);
        b.defaultBudget = defaultBudget;
        b.maxBudgetWait = maxBudgetWait;
        b.completionTokenEstimate = completionTokenEstimate;
        return b;
    }

    /** The models of a tier, first choice first; a tier configured empty uses the {@code DEFAULT} tier's list. */
    public List<String> models(ModelTier tier) {
        List<String> models = tiers.getOrDefault(tier, List.of());
        return models.isEmpty() ? tiers.get(ModelTier.DEFAULT) : models;
    }

    /**
     * Whether a call whose tier ran out of models goes on with the stronger tiers' models (FAST, then DEFAULT, then
     * FRONTIER). Off by default: stronger models cost more.
     */
    public boolean escalate() {
        return escalate;
    }

    /** Attempts on one model before falling back to the next (retriable failures only). */
    public int maxAttemptsPerModel() {
        return maxAttemptsPerModel;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** The share of each backoff delay that is random: 0 waits exactly, 0.5 waits between half and all of it. */
    public double jitter() {
        return jitter;
    }

    /** The longest {@code Retry-After} honoured by waiting; a longer one moves on to the next model. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The most one call waits in all, on purpose: backoff, {@code Retry-After} and rate budget waits, over every
     * attempt on every model. A wait that would go beyond it is not started: the call moves on to the next model, or
     * fails typed when there is none (a {@link ModelFailure.RateLimited} keeps the provider's hint for the person).
     */
    public Duration maxTotalWait() {
        return maxTotalWait;
    }

    /** Percentage of failed calls in the window that opens a model's circuit. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** The number of most recent calls the failure rate is computed over. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls needed in the window before the failure rate counts. */
    public int minimumCalls() {
        return minimumCalls;
    }

    /** How long an open circuit fails fast before it lets trial calls through. */
    public Duration openDuration() {
        return openDuration;
    }

    /** Trial calls in the half-open state that decide between closing and opening again. */
    public int halfOpenCalls() {
        return halfOpenCalls;
    }

    /** The rate budget of a model: its own, else the default one, else none. */
    public Optional<Budget> budget(String model) {
        Budget own = budgets.get(model);
        return own != null ? Optional.of(own) : defaultBudget;
    }

    /**
     * The longest a call queues for its rate budget; beyond that (or beyond what is left of {@link #maxTotalWait()})
     * it moves on to the next model.
     */
    public Duration maxBudgetWait() {
        return maxBudgetWait;
    }

    /** Completion tokens reserved from a token budget when a request sets no {@code maxTokens}. */
    public int completionTokenEstimate() {
        return completionTokenEstimate;
    }

    @Override
    public String toString() {
        return "ResilienceConfig[tiers=" + tiers + ", escalate=" + escalate + ", maxAttemptsPerModel="
                + maxAttemptsPerModel
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", backoffMultiplier=" + backoffMultiplier + ", jitter=" + jitter
                + ", maxRetryAfter=" + maxRetryAfter + ", maxTotalWait=" + maxTotalWait
                + ", failureRateThreshold=" + failureRateThreshold
                + ", slidingWindowSize=" + slidingWindowSize + ", minimumCalls=" + minimumCalls
                + ", openDuration=" + openDuration + ", halfOpenCalls=" + halfOpenCalls
                + ", budgets=" + budgets + ", defaultBudget=" + defaultBudget
                + ", maxBudgetWait=" + maxBudgetWait + ", completionTokenEstimate=" + completionTokenEstimate + "]";
    }

    /**
     * A model's rate budget; either limit may be absent.
     *
     * @param requests requests per period
     * @param tokens prompt plus completion tokens per period
     */
    public record Budget(Optional<RateBudget.Limit> requests, Optional<RateBudget.Limit> tokens) {
        public Budget {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(tokens, "tokens");
        }

        /** Requests and tokens per minute; zero means no limit on that one. */
        public static Budget perMinute(long requests, long tokens) {
            if (requests < 0 || tokens < 0) {
                throw new IllegalArgumentException("budget: limits per minute cannot be negative");
            }
            return new Budget(
                    requests == 0 ? Optional.empty() : Optional.of(RateBudget.Limit.perMinute(requests)),
                    tokens == 0 ? Optional.empty() : Optional.of(RateBudget.Limit.perMinute(tokens)));
        }
    }

    public static final class Builder {
        private Map<ModelTier, List<String>> tiers = new EnumMap<>(Map.of(
                ModelTier.FAST, DEFAULT_FAST_MODELS,
                ModelTier.DEFAULT, DEFAULT_MODELS,
                ModelTier.FRONTIER, DEFAULT_FRONTIER_MODELS));
        private boolean escalate;
        private int maxAttemptsPerModel = DEFAULT_MAX_ATTEMPTS_PER_MODEL;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private Duration maxTotalWait = DEFAULT_MAX_TOTAL_WAIT;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration openDuration = DEFAULT_OPEN_DURATION;
        private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;
        private Map<String, Budget> budgets = new HashMap<>();
        private Optional<Budget> defaultBudget = Optional.empty();
        private Duration maxBudgetWait = DEFAULT_MAX_BUDGET_WAIT;
        private int completionTokenEstimate = DEFAULT_COMPLETION_TOKEN_ESTIMATE;

        private Builder() {}

        /** The models of a tier, first choice first, then its fallbacks. An empty list uses the DEFAULT tier. */
        public Builder tier(ModelTier tier, List<String> models) {
            Objects.requireNonNull(tier, "tier");
            tiers.put(tier, List.copyOf(models));
            return this;
        }

        public Builder tier(ModelTier tier, String... models) {
            return tier(tier, List.of(models));
        }

        /** Go on with the stronger tiers' models when a tier's own have all failed. */
        public Builder escalate(boolean escalate) {
            this.escalate = escalate;
            return this;
        }

        public Builder maxAttemptsPerModel(int maxAttemptsPerModel) {
            this.maxAttemptsPerModel = maxAttemptsPerModel;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        public Builder backoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
            return this;
        }

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        /** The most one call waits in all, over every attempt and model; see {@link ResilienceConfig#maxTotalWait()}. */
        public Builder maxTotalWait(Duration maxTotalWait) {
            this.maxTotalWait = Objects.requireNonNull(maxTotalWait, "maxTotalWait");
            return this;
        }

        public Builder failureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
            return this;
        }

        public Builder slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
            return this;
        }

        public Builder minimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
            return this;
        }

        public Builder openDuration(Duration openDuration) {
            this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
            return this;
        }

        public Builder halfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
            return this;
        }

        /** A rate budget for one model. */
        public Builder budget(String model, Budget budget) {
            Objects.requireNonNull(model, "model");
            budgets.put(model, Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** The rate budget of every model without its own. */
        public Builder defaultBudget(Budget budget) {
            this.defaultBudget = Optional.of(Objects.requireNonNull(budget, "defaultBudget"));
            return this;
        }

        public Builder maxBudgetWait(Duration maxBudgetWait) {
            this.maxBudgetWait = Objects.requireNonNull(maxBudgetWait, "maxBudgetWait");
            return this;
        }

        public Builder completionTokenEstimate(int completionTokenEstimate) {
            this.completionTokenEstimate = completionTokenEstimate;
            return this;
        }

        public ResilienceConfig build() {
            List<String> defaults = tiers.getOrDefault(ModelTier.DEFAULT, List.of());
            if (defaults.isEmpty()) {
                throw new IllegalArgumentException("tiers: the DEFAULT tier needs at least one model");
            }
            for (Map.Entry<ModelTier, List<String>> e : tiers.entrySet()) {
                for (String m : e.getValue()) {
                    if (m == null || m.isBlank()) {
                        throw new IllegalArgumentException("tiers: " + e.getKey() + " lists a blank model name");
                    }
                }
                if (new LinkedHashSet<>(e.getValue()).size() != e.getValue().size()) {
                    throw new IllegalArgumentException("tiers: " + e.getKey() + " lists a model twice");
                }
            }
            if (maxAttemptsPerModel < 1 || maxAttemptsPerModel > 20) {
                throw new IllegalArgumentException(
                        "maxAttemptsPerModel must be between 1 and 20: " + maxAttemptsPerModel);
            }
            notNegative(initialBackoff, "initialBackoff");
            notNegative(maxBackoff, "maxBackoff");
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff: " + maxBackoff);
            }
            if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
                throw new IllegalArgumentException("backoffMultiplier must be at least 1: " + backoffMultiplier);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
            }
            notNegative(maxRetryAfter, "maxRetryAfter");
            notNegative(maxTotalWait, "maxTotalWait");
            if (!(failureRateThreshold > 0f && failureRateThreshold <= 100f)) {
                throw new IllegalArgumentException(
                        "failureRateThreshold must be above 0 and at most 100: " + failureRateThreshold);
            }
            atLeast(slidingWindowSize, 1, "slidingWindowSize");
            atLeast(minimumCalls, 1, "minimumCalls");
            positive(openDuration, "openDuration");
            atLeast(halfOpenCalls, 1, "halfOpenCalls");
            notNegative(maxBudgetWait, "maxBudgetWait");
            atLeast(completionTokenEstimate, 0, "completionTokenEstimate");
            return new ResilienceConfig(this);
        }
    }
}

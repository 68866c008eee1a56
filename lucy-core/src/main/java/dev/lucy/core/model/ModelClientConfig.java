package dev.lucy.core.model;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notBlank;
import static dev.lucy.core.Check.positive;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link OpenAiCompatibleChatModel} reaches its server. Immutable; build with {@link #builder()}, which
 * validates every setting and names the bad one.
 *
 * <p>The API key is never part of {@link #toString()}, of an exception message or of a log line.
 */
public final class ModelClientConfig {
    /** OpenRouter, which routes one key to many providers' models. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://openrouter.ai/api/v1");

    public static final String DEFAULT_MODEL = "openai/gpt-4o-mini";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Well under the request timeout: providers stream the first piece of an answer within seconds, so a stream that
     * has said nothing for this long is hanging, and the next model is the quicker way to an answer.
     */
    public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(20);
    /** Below the roughly 100 concurrent HTTP/2 streams servers allow per connection. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

    public static final int DEFAULT_MAX_RESPONSE_CHARS = 8 * 1024 * 1024;

    private static final Set<String> RESERVED_HEADERS =
            Set.of("authorization", "content-type", "accept", "content-length", "host", "connection", "upgrade");

    private final URI baseUrl;
    private final Optional<String> apiKey;
    private final String defaultModel;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration streamIdleTimeout;
    private final Duration firstTokenTimeout;
    private final int maxConcurrentRequests;
    private final int maxResponseChars;
    private final boolean streamUsage;
    private final Map<String, String> headers;

    private ModelClientConfig(Builder b) {
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.defaultModel = b.defaultModel;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.streamIdleTimeout = b.streamIdleTimeout;
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.maxResponseChars = b.maxResponseChars;
        this.streamUsage = b.streamUsage;
        this.headers = Map.copyOf(b.headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, with no API key: enough for a local server that needs none. */
    public static ModelClientConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.apiKey = apiKey;
        b.defaultModel = defaultModel;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.streamIdleTimeout = streamIdleTimeout;
        b.firstTokenTimeout = firstTokenTimeout;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.maxResponseChars = maxResponseChars;
        b.streamUsage = streamUsage;
        b.headers = new LinkedHashMap<>(headers);
        return b;
    }

    /** The API root; requests go to {@code <baseUrl>/chat/completions}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The chat-completions endpoint under {@link #baseUrl()}. */
    public URI chatCompletionsUri() {
        String root = baseUrl.toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "chat/completions");
    }

    /** Whether a key is configured. The key itself is only handed to the HTTP layer. */
    public boolean hasApiKey() {
        return apiKey.isPresent();
    }

    Optional<String> apiKey() {
        return apiKey;
    }

    /** The model asked when a request names none. */
    public String defaultModel() {
        return defaultModel;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The longest a non-streamed call may take, and the longest a streamed call may wait for its first byte (the
     * {@linkplain #firstTokenTimeout() first-token timeout} ends that wait sooner).
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The longest pause allowed between two pieces of a streamed answer. */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /**
     * The longest a streamed call waits for the first piece of its answer (any event of the stream but comments),
     * from when the request is sent; beyond it the call fails with {@link ModelFailure.FirstTokenTimedOut}. At most
     * {@link #requestTimeout()}, whichever is shorter counts. A call that is not streamed gets its whole answer at
     * once, so only the request timeout applies to it.
     */
    public Duration firstTokenTimeout() {
        return firstTokenTimeout;
    }

    /** The cap on requests in flight to the server at once; further calls queue fairly. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** The cap on the size of one answer, in characters; beyond it the answer is treated as malformed. */
    public int maxResponseChars() {
        return maxResponseChars;
    }

    /** Whether streamed requests ask for token usage in the last chunk ({@code stream_options.include_usage}). */
    public boolean streamUsage() {
        return streamUsage;
    }

    /** Extra request headers, for example OpenRouter's {@code HTTP-Referer} and {@code X-Title}. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelClientConfig c
                && baseUrl.equals(c.baseUrl)
                && apiKey.equals(c.apiKey)
                && defaultModel.equals(c.defaultModel)
                && connectTimeout.equals(c.connectTimeout)
                && requestTimeout.equals(c.requestTimeout)
                && streamIdleTimeout.equals(c.streamIdleTimeout)
                && firstTokenTimeout.equals(c.firstTokenTimeout)
                && maxConcurrentRequests == c.maxConcurrentRequests
                && maxResponseChars == c.maxResponseChars
                && streamUsage == c.streamUsage
                && headers.equals(c.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseUrl, defaultModel, requestTimeout, maxConcurrentRequests);
    }

    /** Every setting except the key, which shows only as set or not; header values are left out too. */
    @Override
    public String toString() {
        return "ModelClientConfig[baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                + ", defaultModel=" + defaultModel
                + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout
                + ", streamIdleTimeout=" + streamIdleTimeout
                + ", firstTokenTimeout=" + firstTokenTimeout
                + ", maxConcurrentRequests=" + maxConcurrentRequests
                + ", maxResponseChars=" + maxResponseChars
                + ", streamUsage=" + streamUsage
                + ", headers=" + headers.keySet().stream().sorted().toList()
                + "]";
    }

    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private Optional<String> apiKey = Optional.empty();
        private String defaultModel = DEFAULT_MODEL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
        private Duration firstTokenTimeout = DEFAULT_FIRST_TOKEN_TIMEOUT;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private int maxResponseChars = DEFAULT_MAX_RESPONSE_CHARS;
        private boolean streamUsage = true;
        private Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            try {
                return baseUrl(URI.create(baseUrl.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: '" + baseUrl + "'", e);
            }
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The bearer key. Kept out of every message and {@code toString}. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            this.apiKey = Optional.of(apiKey.strip());
            return this;
        }

        /** No key: for local servers (Ollama, vLLM, LM Studio) that need none. */
        public Builder noApiKey() {
            this.apiKey = Optional.empty();
            return this;
        }

        public Builder defaultModel(String defaultModel) {
            this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        public Builder streamIdleTimeout(Duration streamIdleTimeout) {
            this.streamIdleTimeout = Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
            return this;
        }

        /** The longest a streamed call waits for the first piece of its answer; see {@link ModelClientConfig#firstTokenTimeout()}. */
        public Builder firstTokenTimeout(Duration firstTokenTimeout) {
            this.firstTokenTimeout = Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
            return this;
        }

        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        public Builder maxResponseChars(int maxResponseChars) {
            this.maxResponseChars = maxResponseChars;
            return this;
        }

        public Builder streamUsage(boolean streamUsage) {
            this.streamUsage = streamUsage;
            return this;
        }

        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "header value");
            this.headers.put(name, value);
            return this;
        }

        public ModelClientConfig build() {
            String scheme =
                    baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http or https URL: '" + baseUrl + "'");
            }
            if (baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl has no host: '" + baseUrl + "'");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment: '" + baseUrl + "'");
            }
            if (baseUrl.getRawUserInfo() != null) {
                // Credentials in the URL would end up in logs and messages; the key belongs in apiKey.
                throw new IllegalArgumentException("baseUrl must not carry credentials; set apiKey instead");
            }
            if (apiKey.isPresent()) {
                String key = apiKey.get();
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("apiKey is blank; call noApiKey() for a server that needs none");
                }
                if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                    throw new IllegalArgumentException("apiKey contains whitespace or control characters");
                }
            }
            notBlank(defaultModel, "defaultModel");
            positive(connectTimeout, "connectTimeout");
            positive(requestTimeout, "requestTimeout");
            positive(streamIdleTimeout, "streamIdleTimeout");
            positive(firstTokenTimeout, "firstTokenTimeout");
            if (maxConcurrentRequests < 1 || maxConcurrentRequests > 10_000) {
                throw new IllegalArgumentException(
                        "maxConcurrentRequests must be between 1 and 10000: " + maxConcurrentRequests);
            }
            atLeast(maxResponseChars, 1024, "maxResponseChars");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String name = h.getKey();
                if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                    throw new IllegalArgumentException("headers: '" + name + "' is not a valid header name");
                }
                if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(
                            "headers: '" + name + "' is set by the client itself (use apiKey for the key)");
                }
                if (h.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new IllegalArgumentException("headers: the value of '" + name + "' contains a line break");
                }
            }
            return new ModelClientConfig(this);
        }
    }
}

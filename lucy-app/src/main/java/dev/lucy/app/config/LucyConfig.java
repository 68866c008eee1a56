package dev.lucy.app.config;

import dev.lucy.app.files.FilesConfig;
import dev.lucy.app.settings.SettingsDefaults;
import dev.lucy.core.agent.AgentConfig;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.memory.ExtractionConfig;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.RateLimit;
import dev.lucy.tools.ScheduleConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every setting of the running bot. Immutable; build with {@link #builder()} (or load with {@link ConfigLoader}),
 * start from {@link #defaults()}. The constructor checks every setting and throws a {@link ConfigException} naming
 * the first bad one by its environment variable. Secrets are {@link Secret}s, so {@link #toString()} shows none.
 *
 * <p>The {@code *Config()} methods turn these settings into the libraries' own config objects.
 *
 * @param slackBotToken {@code SLACK_BOT_TOKEN}, the bot's {@code xoxb-} token
 * @param slackAppToken {@code SLACK_APP_TOKEN}, the app-level {@code xapp-} token Socket Mode connects with
 * @param slackSigningSecret {@code SLACK_SIGNING_SECRET}, verifies requests in HTTP mode
 * @param slackMode {@code LUCY_SLACK_MODE}
 * @param httpPort {@code LUCY_HTTP_PORT}, where Slack posts events in HTTP mode; 0 picks a free port
 * @param slackApiUrl {@code LUCY_SLACK_API_URL}, the Web API base, always ending in {@code /}
 * @param allowBroadcasts {@code LUCY_ALLOW_BROADCASTS}, whether answers may notify a whole channel
 * @param homeEnabled {@code LUCY_HOME_ENABLED}, whether Lucy publishes its App Home tab (default true)
 * @param slackStreamInChannels {@code LUCY_SLACK_STREAM_IN_CHANNELS}, whether answers in channel threads stream too
 *     (default true)
 * @param modelApiKey {@code LUCY_MODEL_API_KEY}, else {@code OPENROUTER_API_KEY}, else {@code OPENAI_API_KEY}; empty
 *     for a server that needs no key
 * @param modelBaseUrl {@code LUCY_MODEL_BASE_URL}, else {@code OPENAI_BASE_URL}: an OpenAI-compatible API
 * @param model {@code LUCY_MODEL}, the model asked first
 * @param fallbackModels {@code LUCY_FALLBACK_MODELS}, asked in order when the model fails
 * @param modelTimeout {@code LUCY_MODEL_TIMEOUT}, the longest one model request may take
 * @param modelFirstTokenTimeout {@code LUCY_MODEL_FIRST_TOKEN_TIMEOUT}, the longest a streamed answer may take to begin
 *     before the next model is asked (at most the model timeout counts)
 * @param modelMaxConcurrentRequests {@code LUCY_MODEL_MAX_CONCURRENT_REQUESTS}
 * @param fastModels {@code LUCY_MODEL_FAST}, the models asked first for quick work (the model chain follows); empty:
 *     the model chain
 * @param frontierModels {@code LUCY_MODEL_FRONTIER}, the models asked first for hard work (the model chain follows);
 *     empty: the model chain
 * @param modelRequestsPerMinute {@code LUCY_MODEL_RPM}, every model's request budget (shared by every replica on
 *     PostgreSQL); empty: none
 * @param modelTokensPerMinute {@code LUCY_MODEL_TPM}, every model's token budget, prompt and completion; empty: none
 * @param modelBudgets {@code LUCY_MODEL_BUDGETS}, budgets of single models; what one leaves out comes from the two
 *     above
 * @param modelPrices {@code LUCY_MODEL_PRICES}, dollars per million input and output tokens of single models, for the
 *     web console's cost per day; a model without one shows its tokens only
 * @param agentMaxTurns {@code LUCY_AGENT_MAX_TURNS}, model calls one run may make with tools
 * @param agentTimeout {@code LUCY_AGENT_TIMEOUT}, the wall-clock budget of one run
 * @param contextBudgetTokens {@code LUCY_CONTEXT_BUDGET_TOKENS}, the prompt size a run must fit
 * @param memoryExtractionTokensPerDay {@code LUCY_MEMORY_EXTRACTION_TOKENS_PER_DAY}, the tokens the model may spend
 *     per day reading messages memory's rules could not settle; 0 leaves memory to the rules alone
 * @param runtime the scheduling settings ({@code LUCY_MAX_CONCURRENT_RUNS} and the others of its kind)
 * @param toolRateLimits {@code LUCY_TOOL_RATE_LIMITS}, calls per period to each external API (a tool's provider),
 *     shared by every replica on PostgreSQL
 * @param schedules the limits of schedules ({@code LUCY_SCHEDULE_MAX_PER_PERSON} and the others of its kind)
 * @param files what Lucy reads of shared files ({@code LUCY_FILES_MAX_BYTES} and the others of its kind)
 * @param channelDefaults what holds where nobody chose otherwise with {@code /lucy config} ({@code LUCY_JOIN_THREADS},
 *     {@code LUCY_QUIET_HOURS})
 * @param dataDir {@code LUCY_DATA_DIR}
 * @param instance {@code LUCY_INSTANCE}, this process's name among replicas sharing a database (the same across its
 *     restarts, different for each replica); defaults to the host name
 * @param databaseUrl {@code LUCY_DATABASE_URL}; defaults to SQLite in the data directory
 * @param databaseUser {@code LUCY_DATABASE_USER}
 * @param databasePassword {@code LUCY_DATABASE_PASSWORD}
 * @param databasePoolSize {@code LUCY_DATABASE_POOL_SIZE}; empty means the store's default for the database
 * @param opsEnabled whether the health and metrics endpoint runs ({@code LUCY_OPS_PORT=off} turns it off)
 * @param opsHost {@code LUCY_OPS_HOST}, the address the endpoint listens on
 * @param opsPort {@code LUCY_OPS_PORT}; 0 picks a free port
 * @param logFormat {@code LUCY_LOG_FORMAT}
 * @param logLevel {@code LUCY_LOG_LEVEL}, one of TRACE, DEBUG, INFO, WARN, ERROR, OFF
 * @param mcpServers the MCP servers of the file {@code LUCY_MCP_CONFIG} names; empty: none
 * @param secretKey {@code LUCY_SECRET_KEY}, 32 bytes in base64, which seals people's MCP tokens at rest; empty: a key
 *     file in the data directory, made on first use
 * @param console the web console and its run traces ({@code LUCY_CONSOLE_*}, {@code LUCY_TRACE*})
 * @param publicUrl {@code LUCY_PUBLIC_URL}, where people's browsers reach Lucy's HTTP endpoint (the operations
 *     endpoint), for MCP sign-in links; empty: {@code http://LUCY_OPS_HOST:LUCY_OPS_PORT}
 * @param embeddings {@code LUCY_EMBEDDINGS}, whether recall and tool retrieval match by meaning too
 * @param slackOAuth {@code SLACK_CLIENT_ID} and {@code SLACK_CLIENT_SECRET} (and {@code LUCY_SLACK_AUTHORIZE_URL},
 *     {@code LUCY_SLACK_OPENID_URL}): more workspaces install Lucy through Slack's OAuth flow, and the web console
 *     offers "Sign in with Slack"; empty: the bot token's workspace only. Without a bot token, every workspace
 *     installs Lucy this way (the operations endpoint serves the install page)
 */
public record LucyConfig(
        Optional<Secret> slackBotToken,
        Optional<Secret> slackAppToken,
        Optional<Secret> slackSigningSecret,
        SlackMode slackMode,
        int httpPort,
        URI slackApiUrl,
        boolean allowBroadcasts,
        boolean homeEnabled,
        boolean slackStreamInChannels,
        Optional<Secret> modelApiKey,
        URI modelBaseUrl,
        String model,
        List<String> fallbackModels,
        Duration modelTimeout,
        Duration modelFirstTokenTimeout,
        int modelMaxConcurrentRequests,
        List<String> fastModels,
        List<String> frontierModels,
        OptionalLong modelRequestsPerMinute,
        OptionalLong modelTokensPerMinute,
        Map<String, ModelBudget> modelBudgets,
        Map<String, ModelPrice> modelPrices,
        int agentMaxTurns,
        Duration agentTimeout,
        int contextBudgetTokens,
        int memoryExtractionTokensPerDay,
        RuntimeConfig runtime,
        Map<String, RateLimit> toolRateLimits,
        ScheduleConfig schedules,
        FilesConfig files,
        SettingsDefaults channelDefaults,
        Path dataDir,
        String instance,
        String databaseUrl,
        Optional<String> databaseUser,
        Optional<Secret> databasePassword,
        OptionalInt databasePoolSize,
        boolean opsEnabled,
        String opsHost,
        int opsPort,
        LogFormat logFormat,
        String logLevel,
        List<McpServerConfig> mcpServers,
        EmbeddingsMode embeddings,
        Optional<Secret> secretKey,
        Optional<URI> publicUrl,
        ConsoleConfig console,
        Optional<dev.lucy.app.slack.SlackOAuthConfig> slackOAuth) {

    public static final SlackMode DEFAULT_SLACK_MODE = SlackMode.SOCKET;
    public static final int DEFAULT_HTTP_PORT = 3000;
    public static final URI DEFAULT_SLACK_API_URL = URI.create("https://slack.com/api/");
    public static final URI DEFAULT_MODEL_BASE_URL = ModelClientConfig.DEFAULT_BASE_URL;
    public static final String DEFAULT_MODEL = ModelClientConfig.DEFAULT_MODEL;
    /** OpenAI's own API, where {@code OPENAI_API_KEY} goes when no base URL is set. */
    public static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");
    /** The default model on OpenAI's API: OpenAI's name for {@link #DEFAULT_MODEL}. */
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

    public static final Duration DEFAULT_MODEL_TIMEOUT = ModelClientConfig.DEFAULT_REQUEST_TIMEOUT;
    public static final Duration DEFAULT_MODEL_FIRST_TOKEN_TIMEOUT = ModelClientConfig.DEFAULT_FIRST_TOKEN_TIMEOUT;
    public static final int DEFAULT_MODEL_MAX_CONCURRENT_REQUESTS = ModelClientConfig.DEFAULT_MAX_CONCURRENT_REQUESTS;
    public static final int DEFAULT_AGENT_MAX_TURNS = AgentConfig.DEFAULT_MAX_TURNS;
    public static final Duration DEFAULT_AGENT_TIMEOUT = AgentConfig.DEFAULT_WALL_CLOCK_BUDGET;
    public static final int DEFAULT_CONTEXT_BUDGET_TOKENS = AgentConfig.DEFAULT_CONTEXT_BUDGET_TOKENS;
    public static final int DEFAULT_MEMORY_EXTRACTION_TOKENS_PER_DAY = ExtractionConfig.DEFAULT_DAILY_TOKEN_BUDGET;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final String DEFAULT_OPS_HOST = "127.0.0.1";
    public static final int DEFAULT_OPS_PORT = 8080;
    public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.AUTO;
    public static final String DEFAULT_LOG_LEVEL = "INFO";

    static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public LucyConfig {
        Objects.requireNonNull(slackBotToken, "slackBotToken");
        Objects.requireNonNull(slackAppToken, "slackAppToken");
        Objects.requireNonNull(slackSigningSecret, "slackSigningSecret");
        Objects.requireNonNull(slackMode, "slackMode");
        Objects.requireNonNull(modelApiKey, "modelApiKey");
        Objects.requireNonNull(model, "model");
        fallbackModels = List.copyOf(fallbackModels);
        fastModels = List.copyOf(fastModels);
        frontierModels = List.copyOf(frontierModels);
        Objects.requireNonNull(modelRequestsPerMinute, "modelRequestsPerMinute");
        Objects.requireNonNull(modelTokensPerMinute, "modelTokensPerMinute");
        modelBudgets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelBudgets));
        modelPrices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelPrices));
        Objects.requireNonNull(runtime, "runtime");
        toolRateLimits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(toolRateLimits));
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(channelDefaults, "channelDefaults");
        mcpServers = List.copyOf(mcpServers);
        Objects.requireNonNull(secretKey, "secretKey");
        secretKey.ifPresent(key -> secretKeyBytes(key));
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(console, "console");
        publicUrl.ifPresent(url -> httpUrl(Keys.PUBLIC_URL, url));
        Objects.requireNonNull(slackOAuth, "slackOAuth");
        Objects.requireNonNull(dataDir, "dataDir");
        if (instance == null || instance.isBlank() || !instance.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            throw new ConfigException(
                    Keys.INSTANCE,
                    "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(databasePassword, "databasePassword");
        Objects.requireNonNull(databasePoolSize, "databasePoolSize");
        Objects.requireNonNull(logFormat, "logFormat");

        slackApiUrl = httpUrl(Keys.SLACK_API_URL, slackApiUrl);
        if (!slackApiUrl.getPath().endsWith("/")) {
            slackApiUrl = URI.create(slackApiUrl + "/");
        }
        modelBaseUrl = httpUrl(Keys.MODEL_BASE_URL, modelBaseUrl);
        port(Keys.HTTP_PORT, httpPort);
        port(Keys.OPS_PORT, opsPort);
        if (model.isBlank()) {
            throw new ConfigException(Keys.MODEL, "must name a model, for example " + DEFAULT_MODEL);
        }
        for (String fallback : fallbackModels) {
            if (fallback.isBlank()) {
                throw new ConfigException(Keys.FALLBACK_MODELS, "has an empty model name between commas");
            }
        }
        modelNames(Keys.MODEL_FAST, fastModels);
        modelNames(Keys.MODEL_FRONTIER, frontierModels);
        if (modelRequestsPerMinute.isPresent()) {
            atLeastOne(Keys.MODEL_RPM, modelRequestsPerMinute.getAsLong());
        }
        if (modelTokensPerMinute.isPresent()) {
            atLeastOne(Keys.MODEL_TPM, modelTokensPerMinute.getAsLong());
        }
        for (Map.Entry<String, ModelBudget> budget : modelBudgets.entrySet()) {
            if (budget.getKey().isBlank()) {
                throw new ConfigException(Keys.MODEL_BUDGETS, "names a budget without a model");
            }
            Objects.requireNonNull(budget.getValue(), Keys.MODEL_BUDGETS);
        }
        for (Map.Entry<String, RateLimit> limit : toolRateLimits.entrySet()) {
            if (limit.getKey().isBlank()) {
                throw new ConfigException(Keys.TOOL_RATE_LIMITS, "names a limit without a provider");
            }
            try {
                // Shared limits become rate budgets: a period must hold one nanosecond per call at least.
                new RateBudget.Limit(
                        limit.getValue().capacity(), limit.getValue().period());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Keys.TOOL_RATE_LIMITS, "allows more than one call per nanosecond");
            }
        }
        positive(Keys.MODEL_TIMEOUT, modelTimeout);
        positive(Keys.MODEL_FIRST_TOKEN_TIMEOUT, modelFirstTokenTimeout);
        positive(Keys.AGENT_TIMEOUT, agentTimeout);
        atLeast(Keys.MODEL_MAX_CONCURRENT_REQUESTS, modelMaxConcurrentRequests, 1);
        atLeast(Keys.AGENT_MAX_TURNS, agentMaxTurns, 1);
        atLeast(Keys.CONTEXT_BUDGET_TOKENS, contextBudgetTokens, 1_000);
        atLeast(Keys.MEMORY_EXTRACTION_TOKENS_PER_DAY, memoryExtractionTokensPerDay, 0);
        if (databasePoolSize.isPresent()) {
            atLeast(Keys.DATABASE_POOL_SIZE, databasePoolSize.getAsInt(), 1);
        }
        Objects.requireNonNull(opsHost, "opsHost");
        if (opsHost.isBlank()) {
            throw new ConfigException(Keys.OPS_HOST, "must be a host name or address, for example 0.0.0.0");
        }
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(embeddings, "embeddings");
        logLevel = logLevel.strip().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new ConfigException(Keys.LOG_LEVEL, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }

        Objects.requireNonNull(databaseUrl, "databaseUrl");
        String url = databaseUrl.strip();
        if (!(url.startsWith("jdbc:sqlite:")
                || url.startsWith("jdbc:postgresql:")
                || url.startsWith("postgres://")
                || url.startsWith("postgresql://"))) {
            // The URL may carry a password, so it is not repeated.
            throw new ConfigException(
                    Keys.DATABASE_URL, "must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB URL");
        }
        databaseUrl = url;

        slackBotToken.ifPresent(t -> prefix(Keys.SLACK_BOT_TOKEN, t, "xoxb-", "a bot token"));
        slackAppToken.ifPresent(t -> prefix(Keys.SLACK_APP_TOKEN, t, "xapp-", "an app-level token"));
        if (slackBotToken.isEmpty() && slackOAuth.isPresent() && !opsEnabled) {
            throw new ConfigException(
                    Keys.OPS_PORT,
                    "must not be off without SLACK_BOT_TOKEN: workspaces install Lucy on its HTTP endpoint");
        }
        if (slackBotToken.isPresent() || slackOAuth.isPresent()) {
            switch (slackMode) {
                case SOCKET -> {
                    if (slackAppToken.isEmpty()) {
                        throw new ConfigException(
                                Keys.SLACK_APP_TOKEN,
                                "is required in socket mode (create an app-level token with connections:write,"
                                        + " or set LUCY_SLACK_MODE=http)");
                    }
                }
                case HTTP -> {
                    if (slackSigningSecret.isEmpty()) {
                        throw new ConfigException(
                                Keys.SLACK_SIGNING_SECRET, "is required in http mode (LUCY_SLACK_MODE=http)");
                    }
                }
            }
        } else if (slackAppToken.isPresent() || slackSigningSecret.isPresent()) {
            throw new ConfigException(
                    Keys.SLACK_BOT_TOKEN,
                    "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) is required when Slack's other credentials are set");
        }
    }

    /** The defaults: no credentials, SQLite under {@code ./data}, socket mode, health on port 8080. */
    public static LucyConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.slackBotToken = slackBotToken;
        b.slackAppToken = slackAppToken;
        b.slackSigningSecret = slackSigningSecret;
        b.slackMode = slackMode;
        b.httpPort = httpPort;
        b.slackApiUrl = slackApiUrl;
        b.allowBroadcasts = allowBroadcasts;
        b.homeEnabled = homeEnabled;
        b.slackStreamInChannels = slackStreamInChannels;
        b.modelApiKey = modelApiKey;
        b.modelBaseUrl = modelBaseUrl;
        b.model = model;
        b.fallbackModels = fallbackModels;
        b.modelTimeout = modelTimeout;
        b.modelFirstTokenTimeout = modelFirstTokenTimeout;
        b.modelMaxConcurrentRequests = modelMaxConcurrentRequests;
        b.fastModels = fastModels;
        b.frontierModels = frontierModels;
        b.modelRequestsPerMinute = modelRequestsPerMinute;
        b.modelTokensPerMinute = modelTokensPerMinute;
        b.modelBudgets = new LinkedHashMap<>(modelBudgets);
        b.modelPrices = new LinkedHashMap<>(modelPrices);
        b.agentMaxTurns = agentMaxTurns;
        b.agentTimeout = agentTimeout;
        b.contextBudgetTokens = contextBudgetTokens;
        b.memoryExtractionTokensPerDay = memoryExtractionTokensPerDay;
        b.runtime = runtime;
        b.toolRateLimits = new LinkedHashMap<>(toolRateLimits);
        b.schedules = schedules;
        b.files = files;
        b.channelDefaults = channelDefaults;
        b.dataDir = dataDir;
        b.instance = Optional.of(instance);
        b.databaseUrl = Optional.of(databaseUrl);
        b.databaseUser = databaseUser;
        b.databasePassword = databasePassword;
        b.databasePoolSize = databasePoolSize;
        b.opsEnabled = opsEnabled;
        b.opsHost = opsHost;
        b.opsPort = opsPort;
        b.logFormat = logFormat;
        b.logLevel = logLevel;
        b.mcpServers = mcpServers;
        b.secretKey = secretKey;
        b.publicUrl = publicUrl;
        b.console = console;
        b.embeddings = embeddings;
        slackOAuth.ifPresent(o -> {
            b.slackClientId = Optional.of(o.clientId());
            b.slackClientSecret = Optional.of(Secret.of(o.clientSecret()));
            b.slackAuthorizeUrl = o.authorizeUrl();
        });
        return b;
    }

    /**
     * Whether Slack can be reached: a bot token, or the OAuth install flow's client id and secret, plus what the mode
     * needs (the constructor checked the latter).
     */
    public boolean hasSlackCredentials() {
        return slackBotToken.isPresent() || slackOAuth.isPresent();
    }

    /** Whether a model API key is set. */
    public boolean hasModelCredentials() {
        return modelApiKey.isPresent();
    }

    /**
     * Whether a model can be asked: a key is set, or the base URL names a server other than OpenRouter (a local
     * model server often needs no key). Without either, OpenRouter would refuse every request.
     */
    public boolean hasModelServer() {
        return hasModelCredentials() || !DEFAULT_MODEL_BASE_URL.getHost().equalsIgnoreCase(modelBaseUrl.getHost());
    }

    /** The model first, then the fallbacks, without repeats. */
    public List<String> modelChain() {
        List<String> chain = new ArrayList<>();
        chain.add(model);
        for (String fallback : fallbackModels) {
            if (!chain.contains(fallback)) {
                chain.add(fallback);
            }
        }
        return List.copyOf(chain);
    }

    /**
     * The models a tier asks, first choice first: the tier's own ({@code LUCY_MODEL_FAST}, {@code
     * LUCY_MODEL_FRONTIER}), then the model chain as their fallbacks, without repeats. The default tier is the model
     * chain.
     */
    public List<String> modelChain(ModelTier tier) {
        List<String> own = switch (tier) {
            case FAST -> fastModels;
            case DEFAULT -> List.of();
            case FRONTIER -> frontierModels;
        };
        List<String> chain = new ArrayList<>(own);
        for (String model : modelChain()) {
            if (!chain.contains(model)) {
                chain.add(model);
            }
        }
        return List.copyOf(chain);
    }

    /** Every secret that is set, for log redaction. */
    public List<Secret> secrets() {
        List<Secret> secrets = new ArrayList<>();
        slackBotToken.ifPresent(secrets::add);
        slackAppToken.ifPresent(secrets::add);
        slackSigningSecret.ifPresent(secrets::add);
        modelApiKey.ifPresent(secrets::add);
        databasePassword.ifPresent(secrets::add);
        secretKey.ifPresent(secrets::add);
        console.token().ifPresent(secrets::add);
        slackOAuth.ifPresent(o -> secrets.add(Secret.of(o.clientSecret())));
        // MCP headers and env values carry tokens (often from ${VAR}); short ones (a port, a flag) are no secret.
        for (McpServerConfig server : mcpServers) {
            server.oauth()
                    .flatMap(McpServerConfig.OAuth::clientSecret)
                    .map(Secret::of)
                    .ifPresent(secrets::add);
            java.util.stream.Stream.concat(server.headers().values().stream(), server.env().values().stream())
                    .flatMap(value ->
                            java.util.stream.Stream.of(value, value.replaceFirst("(?i)^(bearer|token)\\s+", "")))
                    .filter(value -> value.length() >= 8)
                    .distinct()
                    .map(Secret::of)
                    .forEach(secrets::add);
        }
        return List.copyOf(secrets);
    }

    /** The model client's settings: base URL, key, model, timeouts and concurrency. */
    public ModelClientConfig modelClientConfig() {
        ModelClientConfig.Builder b = ModelClientConfig.builder()
                .baseUrl(modelBaseUrl)
                .defaultModel(model)
                .requestTimeout(modelTimeout)
                .firstTokenTimeout(modelFirstTokenTimeout)
                .maxConcurrentRequests(modelMaxConcurrentRequests);
        modelApiKey.ifPresentOrElse(key -> b.apiKey(key.reveal()), b::noApiKey);
        return b.build();
    }

    /**
     * Retries, breakers and fallbacks with each tier's models ({@link #modelChain(ModelTier)}), and the models' rate
     * budgets: {@code LUCY_MODEL_RPM} and {@code LUCY_MODEL_TPM} for every model, {@code LUCY_MODEL_BUDGETS} for
     * single ones.
     */
    public ResilienceConfig resilienceConfig() {
        ResilienceConfig.Builder resilience = ResilienceConfig.builder();
        for (ModelTier tier : ModelTier.values()) {
            resilience.tier(tier, modelChain(tier));
        }
        Optional<RateBudget.Limit> requests = perMinute(modelRequestsPerMinute);
        Optional<RateBudget.Limit> tokens = perMinute(modelTokensPerMinute);
        if (requests.isPresent() || tokens.isPresent()) {
            resilience.defaultBudget(new ResilienceConfig.Budget(requests, tokens));
        }
        modelBudgets.forEach((name, own) -> resilience.budget(
                name,
                new ResilienceConfig.Budget(
                        perMinute(own.requestsPerMinute()).or(() -> requests),
                        perMinute(own.tokensPerMinute()).or(() -> tokens))));
        return resilience.build();
    }

    private static Optional<RateBudget.Limit> perMinute(OptionalLong amount) {
        return amount.isPresent() ? Optional.of(RateBudget.Limit.perMinute(amount.getAsLong())) : Optional.empty();
    }

    /** The agent loop's settings: model, turns, wall-clock budget and context budget. */
    public AgentConfig agentConfig() {
        return AgentConfig.builder()
                .model(model)
                .maxTurns(agentMaxTurns)
                .wallClockBudget(agentTimeout)
                .contextBudgetTokens(contextBudgetTokens)
                .build();
    }

    /**
     * How memory asks the model about the messages its rules could not settle (on the fast tier, in batches, within
     * the day's budget); empty when {@code LUCY_MEMORY_EXTRACTION_TOKENS_PER_DAY} is 0 or no model can be asked, and
     * the rules alone run.
     */
    public Optional<ExtractionConfig> memoryExtraction() {
        if (memoryExtractionTokensPerDay == 0 || !hasModelServer()) {
            return Optional.empty();
        }
        return Optional.of(ExtractionConfig.builder()
                .dailyTokenBudget(memoryExtractionTokensPerDay)
                .build());
    }

    /** The store's settings: URL, user, password and pool size. */
    public DatabaseConfig databaseConfig() {
        DatabaseConfig.Builder b = DatabaseConfig.builder(databaseUrl);
        databaseUser.ifPresent(b::username);
        databasePassword.ifPresent(p -> b.password(p.reveal()));
        databasePoolSize.ifPresent(b::maxPoolSize);
        return b.build();
    }

    /** Every setting, with secrets redacted and a password in the database URL masked. */
    @Override
    public String toString() {
        return "LucyConfig[slackMode=" + slackMode
                + ", slack=" + (hasSlackCredentials() ? "configured" : "not configured")
                + ", httpPort=" + httpPort
                + ", slackApiUrl=" + slackApiUrl
                + ", allowBroadcasts=" + allowBroadcasts
                + ", homeEnabled=" + homeEnabled
                + ", slackStreamInChannels=" + slackStreamInChannels
                + ", modelApiKey=" + (hasModelCredentials() ? Secret.REDACTED : "none")
                + ", modelBaseUrl=" + modelBaseUrl
                + ", modelChain=" + modelChain()
                + ", fastModels=" + fastModels
                + ", frontierModels=" + frontierModels
                + ", modelRequestsPerMinute=" + modelRequestsPerMinute
                + ", modelTokensPerMinute=" + modelTokensPerMinute
                + ", modelBudgets=" + modelBudgets
                + ", modelTimeout=" + modelTimeout
                + ", modelFirstTokenTimeout=" + modelFirstTokenTimeout
                + ", modelMaxConcurrentRequests=" + modelMaxConcurrentRequests
                + ", agentMaxTurns=" + agentMaxTurns
                + ", agentTimeout=" + agentTimeout
                + ", contextBudgetTokens=" + contextBudgetTokens
                + ", memoryExtractionTokensPerDay=" + memoryExtractionTokensPerDay
                + ", runtime=" + runtime
                + ", toolRateLimits=" + toolRateLimits
                + ", schedules=" + schedules
                + ", files=" + files
                + ", channelDefaults=" + channelDefaults
                + ", dataDir=" + dataDir
                + ", instance=" + instance
                + ", databaseUrl=" + maskUrl(databaseUrl)
                + ", databaseUser=" + databaseUser.orElse("none")
                + ", databasePoolSize=" + databasePoolSize
                + ", ops=" + (opsEnabled ? opsHost + ":" + opsPort : "off")
                + ", logFormat=" + logFormat
                + ", logLevel=" + logLevel
                + ", mcpServers="
                + mcpServers.stream().map(McpServerConfig::name).toList()
                + ", embeddings=" + embeddings
                + ", secretKey=" + (secretKey.isPresent() ? Secret.REDACTED : "(key file)")
                + publicUrl.map(u -> ", publicUrl=" + u).orElse("")
                + ", console=" + console
                + slackOAuth.map(o -> ", slackClientId=" + o.clientId()).orElse("")
                + "]";
    }

    static String maskUrl(String url) {
        return url.replaceAll("//[^/@]*@", "//" + Secret.REDACTED + "@")
                .replaceAll("(?i)(password=)[^&;]*", "$1" + Secret.REDACTED);
    }

    /** The SQLite URL used when {@code LUCY_DATABASE_URL} is not set. */
    /** The host name, the default instance name; {@code "lucy"} when it cannot be read. */
    public static String hostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}") ? name : "lucy";
        } catch (java.io.IOException e) {
            return "lucy";
        }
    }

    public static String defaultDatabaseUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve(DatabaseConfig.SQLITE_FILE);
    }

    /** The 32 bytes of {@code LUCY_SECRET_KEY}. */
    public static byte[] secretKeyBytes(Secret key) {
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(key.reveal().strip());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new ConfigException(
                    Keys.SECRET_KEY, "must be 32 bytes in base64, for example the output of `openssl rand -base64 32`");
        }
        return bytes;
    }

    private static URI httpUrl(String key, URI url) {
        if (url == null
                || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ConfigException(key, "must be an http:// or https:// URL with a host");
        }
        return url;
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65_535) {
            throw new ConfigException(key, "must be a port between 0 and 65535, got " + port);
        }
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key, "must be a positive duration, got " + d);
        }
    }

    /** A limit of at least one. The value is not repeated in the message. */
    private static void atLeastOne(String key, long value) {
        if (value < 1) {
            throw new ConfigException(key, "must be a whole number of at least 1");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new ConfigException(key, "must be at least " + min + ", got " + value);
        }
    }

    private static void modelNames(String key, List<String> models) {
        for (String name : models) {
            if (name == null || name.isBlank()) {
                throw new ConfigException(key, "has an empty model name between commas");
            }
        }
    }

    /**
     * One model's rate budget; what it leaves empty comes from {@code LUCY_MODEL_RPM} and {@code LUCY_MODEL_TPM}.
     *
     * @param requestsPerMinute model requests per minute
     * @param tokensPerMinute prompt plus completion tokens per minute
     */
    public record ModelBudget(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {
        public ModelBudget {
            Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
            Objects.requireNonNull(tokensPerMinute, "tokensPerMinute");
            if (requestsPerMinute.isEmpty() && tokensPerMinute.isEmpty()) {
                throw new ConfigException(Keys.MODEL_BUDGETS, "has a model without a limit");
            }
            if (requestsPerMinute.isPresent()) {
                atLeastOne(Keys.MODEL_BUDGETS, requestsPerMinute.getAsLong());
            }
            if (tokensPerMinute.isPresent()) {
                atLeastOne(Keys.MODEL_BUDGETS, tokensPerMinute.getAsLong());
            }
        }

        /** Requests per minute only. */
        public static ModelBudget requests(long perMinute) {
            return new ModelBudget(OptionalLong.of(perMinute), OptionalLong.empty());
        }

        /** Tokens per minute only. */
        public static ModelBudget tokens(long perMinute) {
            return new ModelBudget(OptionalLong.empty(), OptionalLong.of(perMinute));
        }
    }

    private static void prefix(String key, Secret token, String prefix, String what) {
        if (!token.startsWith(prefix)) {
            throw new ConfigException(key, "must be " + what + " starting with " + prefix);
        }
    }

    public static final class Builder {
        private Optional<Secret> slackBotToken = Optional.empty();
        private Optional<Secret> slackAppToken = Optional.empty();
        private Optional<Secret> slackSigningSecret = Optional.empty();
        private SlackMode slackMode = DEFAULT_SLACK_MODE;
        private int httpPort = DEFAULT_HTTP_PORT;
        private URI slackApiUrl = DEFAULT_SLACK_API_URL;
        private boolean allowBroadcasts;
        private boolean homeEnabled = true;
        private boolean slackStreamInChannels = true;
        private Optional<Secret> modelApiKey = Optional.empty();
        private URI modelBaseUrl = DEFAULT_MODEL_BASE_URL;
        private String model = DEFAULT_MODEL;
        private List<String> fallbackModels = List.of();
        private Duration modelTimeout = DEFAULT_MODEL_TIMEOUT;
        private Duration modelFirstTokenTimeout = DEFAULT_MODEL_FIRST_TOKEN_TIMEOUT;
        private int modelMaxConcurrentRequests = DEFAULT_MODEL_MAX_CONCURRENT_REQUESTS;
        private List<String> fastModels = List.of();
        private List<String> frontierModels = List.of();
        private OptionalLong modelRequestsPerMinute = OptionalLong.empty();
        private OptionalLong modelTokensPerMinute = OptionalLong.empty();
        private Map<String, ModelBudget> modelBudgets = new LinkedHashMap<>();
        private Map<String, ModelPrice> modelPrices = new LinkedHashMap<>();
        private int agentMaxTurns = DEFAULT_AGENT_MAX_TURNS;
        private Duration agentTimeout = DEFAULT_AGENT_TIMEOUT;
        private int contextBudgetTokens = DEFAULT_CONTEXT_BUDGET_TOKENS;
        private int memoryExtractionTokensPerDay = DEFAULT_MEMORY_EXTRACTION_TOKENS_PER_DAY;
        private RuntimeConfig runtime = RuntimeConfig.defaults();
        private Map<String, RateLimit> toolRateLimits = new LinkedHashMap<>();
        private ScheduleConfig schedules = ScheduleConfig.defaults();
        private FilesConfig files = FilesConfig.defaults();
        private SettingsDefaults channelDefaults = SettingsDefaults.defaults();
        private Path dataDir = DEFAULT_DATA_DIR;
        private Optional<String> instance = Optional.empty();
        private Optional<String> databaseUrl = Optional.empty();
        private Optional<String> databaseUser = Optional.empty();
        private Optional<Secret> databasePassword = Optional.empty();
        private OptionalInt databasePoolSize = OptionalInt.empty();
        private boolean opsEnabled = true;
        private String opsHost = DEFAULT_OPS_HOST;
        private int opsPort = DEFAULT_OPS_PORT;
        private LogFormat logFormat = DEFAULT_LOG_FORMAT;
        private String logLevel = DEFAULT_LOG_LEVEL;
        private List<McpServerConfig> mcpServers = List.of();
        private Optional<Secret> secretKey = Optional.empty();
        private Optional<URI> publicUrl = Optional.empty();
        private ConsoleConfig console = ConsoleConfig.defaults();
        private Optional<String> slackClientId = Optional.empty();
        private Optional<Secret> slackClientSecret = Optional.empty();
        private URI slackAuthorizeUrl = dev.lucy.app.slack.SlackOAuthConfig.DEFAULT_AUTHORIZE_URL;
        private URI slackOpenIdUrl = dev.lucy.app.slack.SlackOAuthConfig.DEFAULT_OPENID_URL;
        private EmbeddingsMode embeddings = EmbeddingsMode.OFF;

        private Builder() {}

        public Builder slackBotToken(String token) {
            this.slackBotToken = Optional.of(Secret.of(token));
            return this;
        }

        public Builder slackAppToken(String token) {
            this.slackAppToken = Optional.of(Secret.of(token));
            return this;
        }

        public Builder slackSigningSecret(String secret) {
            this.slackSigningSecret = Optional.of(Secret.of(secret));
            return this;
        }

        public Builder slackMode(SlackMode mode) {
            this.slackMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder slackApiUrl(URI url) {
            this.slackApiUrl = url;
            return this;
        }

        /**
         * Whether answers in channel threads stream ({@code chat.startStream} to the person who asked) rather than
         * being posted once written. Default true.
         */
        public Builder slackStreamInChannels(boolean stream) {
            this.slackStreamInChannels = stream;
            return this;
        }

        public Builder allowBroadcasts(boolean allow) {
            this.allowBroadcasts = allow;
            return this;
        }

        public Builder homeEnabled(boolean enabled) {
            this.homeEnabled = enabled;
            return this;
        }

        public Builder modelApiKey(String key) {
            this.modelApiKey = Optional.of(Secret.of(key));
            return this;
        }

        public Builder modelBaseUrl(URI url) {
            this.modelBaseUrl = url;
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder fallbackModels(List<String> models) {
            this.fallbackModels = List.copyOf(models);
            return this;
        }

        public Builder modelTimeout(Duration timeout) {
            this.modelTimeout = timeout;
            return this;
        }

        /** How long a streamed answer may take to begin before the next model is asked. */
        public Builder modelFirstTokenTimeout(Duration timeout) {
            this.modelFirstTokenTimeout = timeout;
            return this;
        }

        public Builder modelMaxConcurrentRequests(int max) {
            this.modelMaxConcurrentRequests = max;
            return this;
        }

        /** The models asked first for quick work; the model chain follows as their fallbacks. */
        public Builder fastModels(List<String> models) {
            this.fastModels = List.copyOf(models);
            return this;
        }

        /** The models asked first for hard work; the model chain follows as their fallbacks. */
        public Builder frontierModels(List<String> models) {
            this.frontierModels = List.copyOf(models);
            return this;
        }

        /** Every model's request budget per minute. */
        public Builder modelRequestsPerMinute(long requests) {
            this.modelRequestsPerMinute = OptionalLong.of(requests);
            return this;
        }

        /** Every model's token budget per minute, prompt and completion. */
        public Builder modelTokensPerMinute(long tokens) {
            this.modelTokensPerMinute = OptionalLong.of(tokens);
            return this;
        }

        /** One model's own budget, over what every model gets. */
        public Builder modelBudget(String model, ModelBudget budget) {
            this.modelBudgets.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** One model's price, for the web console's cost per day. Default: none, tokens only. */
        public Builder modelPrice(String model, ModelPrice price) {
            this.modelPrices.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(price, "price"));
            return this;
        }

        /** Calls per period to one external API, by the provider its tools name. */
        public Builder toolRateLimit(String provider, RateLimit limit) {
            this.toolRateLimits.put(
                    Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(limit, "limit"));
            return this;
        }

        public Builder agentMaxTurns(int turns) {
            this.agentMaxTurns = turns;
            return this;
        }

        public Builder agentTimeout(Duration timeout) {
            this.agentTimeout = timeout;
            return this;
        }

        public Builder contextBudgetTokens(int tokens) {
            this.contextBudgetTokens = tokens;
            return this;
        }

        /** What holds where nobody chose otherwise with {@code /lucy config}. Default: {@link SettingsDefaults#defaults()}. */
        public Builder channelDefaults(SettingsDefaults channelDefaults) {
            this.channelDefaults = Objects.requireNonNull(channelDefaults, "channelDefaults");
            return this;
        }

        /** What Lucy reads of shared files. Default: {@link FilesConfig#defaults()}. */
        public Builder files(FilesConfig files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /** Limits of schedules. Default: {@link ScheduleConfig#defaults()}. */
        public Builder schedules(ScheduleConfig schedules) {
            this.schedules = Objects.requireNonNull(schedules, "schedules");
            return this;
        }

        public Builder memoryExtractionTokensPerDay(int tokens) {
            this.memoryExtractionTokensPerDay = tokens;
            return this;
        }

        public Builder runtime(RuntimeConfig runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /** The data directory; also where the default SQLite database lives unless a URL is set. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** This process's name among replicas; default: the host name. */
        public Builder instance(String name) {
            this.instance = Optional.of(name);
            return this;
        }

        public Builder databaseUrl(String url) {
            this.databaseUrl = Optional.of(url);
            return this;
        }

        public Builder databaseUser(String user) {
            this.databaseUser = Optional.of(user);
            return this;
        }

        public Builder databasePassword(String password) {
            this.databasePassword = Optional.of(Secret.of(password));
            return this;
        }

        public Builder databasePoolSize(int size) {
            this.databasePoolSize = OptionalInt.of(size);
            return this;
        }

        /** Serve health and metrics on {@code host:port} (0 picks a free port). */
        public Builder ops(String host, int port) {
            this.opsEnabled = true;
            this.opsHost = Objects.requireNonNull(host, "host");
            this.opsPort = port;
            return this;
        }

        public Builder opsPort(int port) {
            this.opsEnabled = true;
            this.opsPort = port;
            return this;
        }

        public Builder opsHost(String host) {
            this.opsHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** No health or metrics endpoint. */
        public Builder opsDisabled() {
            this.opsEnabled = false;
            return this;
        }

        public Builder logFormat(LogFormat format) {
            this.logFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /** The key that seals people's MCP tokens: 32 bytes in base64 ({@code LUCY_SECRET_KEY}). */
        public Builder secretKey(String key) {
            this.secretKey = Optional.of(Secret.of(key));
            return this;
        }

        /** The web console and its run traces. Default {@link ConsoleConfig#defaults()}. */
        public Builder console(ConsoleConfig console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /** The Slack app's client id, for installs into more workspaces ({@code SLACK_CLIENT_ID}). */
        public Builder slackClientId(String clientId) {
            this.slackClientId = Optional.of(Objects.requireNonNull(clientId, "clientId"));
            return this;
        }

        /** The Slack app's client secret ({@code SLACK_CLIENT_SECRET}). */
        public Builder slackClientSecret(String secret) {
            this.slackClientSecret = Optional.of(Secret.of(secret));
            return this;
        }

        /** Slack's authorize page ({@code LUCY_SLACK_AUTHORIZE_URL}); another address for a simulator. */
        public Builder slackAuthorizeUrl(URI url) {
            this.slackAuthorizeUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Where "Sign in with Slack" lives ({@code LUCY_SLACK_OPENID_URL}, its {@code authorize} page and {@code keys});
         * another address for a simulator.
         */
        public Builder slackOpenIdUrl(URI url) {
            this.slackOpenIdUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        private Optional<dev.lucy.app.slack.SlackOAuthConfig> slackOAuth() {
            if (slackClientId.isEmpty() && slackClientSecret.isEmpty()) {
                return Optional.empty();
            }
            if (slackClientId.isEmpty()) {
                throw new ConfigException(Keys.SLACK_CLIENT_ID, "is required when SLACK_CLIENT_SECRET is set");
            }
            if (slackClientSecret.isEmpty()) {
                throw new ConfigException(Keys.SLACK_CLIENT_SECRET, "is required when SLACK_CLIENT_ID is set");
            }
            httpUrl(Keys.SLACK_AUTHORIZE_URL, slackAuthorizeUrl);
            httpUrl(Keys.SLACK_OPENID_URL, slackOpenIdUrl);
            return Optional.of(dev.lucy.app.slack.SlackOAuthConfig.of(
                            slackClientId.get(), slackClientSecret.get().reveal())
                    .withAuthorizeUrl(slackAuthorizeUrl)
                    .withOpenIdUrl(slackOpenIdUrl));
        }

        /** Where people's browsers reach Lucy's HTTP endpoint ({@code LUCY_PUBLIC_URL}). */
        public Builder publicUrl(URI url) {
            this.publicUrl = Optional.of(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** The MCP servers the bot connects to (what {@code LUCY_MCP_CONFIG} names). */
        public Builder mcpServers(List<McpServerConfig> servers) {
            this.mcpServers = List.copyOf(servers);
            return this;
        }

        public Builder logLevel(String level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        public Builder embeddings(EmbeddingsMode mode) {
            this.embeddings = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** @throws ConfigException naming the first invalid setting */
        public LucyConfig build() {
            return new LucyConfig(
                    slackBotToken,
                    slackAppToken,
                    slackSigningSecret,
                    slackMode,
                    httpPort,
                    slackApiUrl,
                    allowBroadcasts,
                    homeEnabled,
                    slackStreamInChannels,
                    modelApiKey,
                    modelBaseUrl,
                    model,
                    fallbackModels,
                    modelTimeout,
                    modelFirstTokenTimeout,
                    modelMaxConcurrentRequests,
                    fastModels,
                    frontierModels,
                    modelRequestsPerMinute,
                    modelTokensPerMinute,
                    modelBudgets,
                    modelPrices,
                    agentMaxTurns,
                    agentTimeout,
                    contextBudgetTokens,
                    memoryExtractionTokensPerDay,
                    runtime,
                    toolRateLimits,
                    schedules,
                    files,
                    channelDefaults,
                    dataDir,
                    instance.orElseGet(LucyConfig::hostName),
                    databaseUrl.orElseGet(() -> defaultDatabaseUrl(dataDir)),
                    databaseUser,
                    databasePassword,
                    databasePoolSize,
                    opsEnabled,
                    opsHost,
                    opsPort,
                    logFormat,
                    logLevel,
                    mcpServers,
                    embeddings,
                    secretKey,
                    publicUrl,
                    console,
                    slackOAuth());
        }
    }
}

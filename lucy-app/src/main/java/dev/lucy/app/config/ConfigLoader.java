package dev.lucy.app.config;

import dev.lucy.app.files.FileKind;
import dev.lucy.app.files.FilesConfig;
import dev.lucy.app.settings.QuietHours;
import dev.lucy.app.settings.SettingsDefaults;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.tools.RateLimit;
import dev.lucy.tools.ScheduleConfig;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@link LucyConfig} from an environment map and an optional properties file whose keys are the same names.
 * The environment wins over the file; an empty value counts as unset. The caller passes the environment
 * ({@code System.getenv()} in {@code Main}); this class never reads the process environment itself.
 *
 * <p>Every failure is a {@link ConfigException} with one line naming the setting (and, for the file, the line): a bad
 * number, duration, URL or mode, an unknown key in the file, a file that cannot be read, or credentials that do not
 * fit the mode. No message repeats a value: a token pasted into the wrong place must not reach a log.
 */
public final class ConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** What a setting's name looks like; anything else in a file is shown by its line number only. */
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** One limit of a model's budget: {@code 60rpm}, {@code 200000tpm}. */
    private static final Pattern BUDGET_LIMIT = Pattern.compile("(\\d[\\d_]*)(rpm|tpm)");

    private static final String PRICES_FORMAT =
            "MODEL=INPUT/OUTPUT in dollars per million tokens, for example openai/gpt-4o-mini=0.15/0.60";
    private static final String BUDGETS_FORMAT = "MODEL=LIMITS, for example openai/gpt-5=60rpm 200000tpm";
    private static final String TOOL_LIMITS_FORMAT = "PROVIDER=CALLS/PERIOD, for example github=5000/h";

    private ConfigLoader() {}

    /** Every setting this loader knows, in the order the configuration reference lists them. */
    public static List<String> settings() {
        return Keys.ALL;
    }

    /** Loads from {@code env}, plus the properties file named by {@code LUCY_CONFIG_FILE} when it is set. */
    public static LucyConfig load(Map<String, String> env) {
        return load(env, Optional.empty());
    }

    /**
     * Loads from {@code env}, plus a properties file: {@code configFile} when present (the {@code --config FILE}
     * option), else the one named by {@code LUCY_CONFIG_FILE}, else none.
     *
     * @throws ConfigException naming the first invalid setting
     */
    public static LucyConfig load(Map<String, String> env, Optional<Path> configFile) {
        Map<String, String> values = new HashMap<>();
        Optional<Path> file =
                configFile.or(() -> present(env.get(Keys.CONFIG_FILE)).map(Path::of));
        file.ifPresent(path -> values.putAll(readFile(path)));
        env.forEach((key, value) -> {
            if (Keys.ALL.contains(key) && !value.isBlank()) {
                values.put(key, value);
            }
        });
        LucyConfig config = fromValues(values);
        // The MCP servers file takes ${VAR} from the environment, so it is read here, where the environment is.
        return present(values.get(Keys.MCP_CONFIG))
                .map(mcpFile -> config.toBuilder()
                        .mcpServers(McpConfigFile.read(Path.of(mcpFile.strip()), env))
                        .build())
                .orElse(config);
    }

    /**
     * Reads the properties file line by line, so that an error can name the line. A line that is not a
     * {@code KEY=value} setting is reported by its number only: its text may be a pasted token.
     */
    private static Map<String, String> readFile(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(Keys.CONFIG_FILE, "no such file: " + path);
        } catch (IOException e) {
            throw new ConfigException(
                    Keys.CONFIG_FILE,
                    "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            String start = line.stripLeading();
            if (start.isEmpty() || start.startsWith("#") || start.startsWith("!")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(line);
            while (continues(lines.get(i)) && i + 1 < lines.size()) {
                logical.append('\n').append(lines.get(++i));
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(Keys.CONFIG_FILE, "line " + lineNumber + " of " + path + " cannot be read");
            }
            for (String key : one.stringPropertyNames()) {
                if (!Keys.ALL.contains(key) || key.equals(Keys.CONFIG_FILE)) {
                    if (SETTING_NAME.matcher(key).matches()) {
                        throw new ConfigException(
                                key, "is not a setting Lucy knows (line " + lineNumber + " of " + path + ")");
                    }
                    throw new ConfigException(
                            Keys.CONFIG_FILE,
                            "line " + lineNumber + " of " + path
                                    + " is not a KEY=value setting Lucy knows (its text is not shown: it may be a secret)");
                }
                String value = one.getProperty(key);
                if (!value.isBlank()) {
                    values.put(key, value);
                }
            }
        }
        return values;
    }

    /** A properties line ending in an odd number of backslashes goes on on the next line. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static LucyConfig fromValues(Map<String, String> v) {
        LucyConfig.Builder b = LucyConfig.builder();
        with(v, Keys.SLACK_BOT_TOKEN, b::slackBotToken);
        with(v, Keys.SLACK_APP_TOKEN, b::slackAppToken);
        with(v, Keys.SLACK_SIGNING_SECRET, b::slackSigningSecret);
        with(v, Keys.SLACK_MODE, s -> b.slackMode(parseEnum(Keys.SLACK_MODE, s, SlackMode.class)));
        with(v, Keys.HTTP_PORT, s -> b.httpPort(parsePort(Keys.HTTP_PORT, s)));
        with(v, Keys.SLACK_API_URL, s -> b.slackApiUrl(parseUrl(Keys.SLACK_API_URL, s)));
        with(v, Keys.SLACK_CLIENT_ID, b::slackClientId);
        with(v, Keys.SLACK_CLIENT_SECRET, b::slackClientSecret);
        with(v, Keys.SLACK_AUTHORIZE_URL, s -> b.slackAuthorizeUrl(parseUrl(Keys.SLACK_AUTHORIZE_URL, s)));
        with(v, Keys.SLACK_OPENID_URL, s -> b.slackOpenIdUrl(parseUrl(Keys.SLACK_OPENID_URL, s)));
        with(v, Keys.SECRET_KEY, b::secretKey);
        with(v, Keys.PUBLIC_URL, s -> b.publicUrl(parseUrl(Keys.PUBLIC_URL, s)));
        with(v, Keys.ALLOW_BROADCASTS, s -> b.allowBroadcasts(parseBoolean(Keys.ALLOW_BROADCASTS, s)));
        with(v, Keys.HOME_ENABLED, s -> b.homeEnabled(parseBoolean(Keys.HOME_ENABLED, s)));
        with(
                v,
                Keys.SLACK_STREAM_IN_CHANNELS,
                s -> b.slackStreamInChannels(parseBoolean(Keys.SLACK_STREAM_IN_CHANNELS, s)));

        modelServer(v, b);
        with(v, Keys.MODEL, s -> b.model(s.strip()));
        with(v, Keys.FALLBACK_MODELS, s -> b.fallbackModels(models(s)));
        with(v, Keys.MODEL_TIMEOUT, s -> b.modelTimeout(parseDuration(Keys.MODEL_TIMEOUT, s)));
        with(
                v,
                Keys.MODEL_FIRST_TOKEN_TIMEOUT,
                s -> b.modelFirstTokenTimeout(parseDuration(Keys.MODEL_FIRST_TOKEN_TIMEOUT, s)));
        with(
                v,
                Keys.MODEL_MAX_CONCURRENT_REQUESTS,
                s -> b.modelMaxConcurrentRequests(parseInt(Keys.MODEL_MAX_CONCURRENT_REQUESTS, s, 1)));
        with(v, Keys.MODEL_FAST, s -> b.fastModels(models(s)));
        with(v, Keys.MODEL_FRONTIER, s -> b.frontierModels(models(s)));
        with(v, Keys.MODEL_RPM, s -> b.modelRequestsPerMinute(parseLimit(Keys.MODEL_RPM, s)));
        with(v, Keys.MODEL_TPM, s -> b.modelTokensPerMinute(parseLimit(Keys.MODEL_TPM, s)));
        with(v, Keys.MODEL_BUDGETS, s -> parseModelBudgets(s).forEach(b::modelBudget));
        with(v, Keys.MODEL_PRICES, s -> parseModelPrices(s).forEach(b::modelPrice));

        with(v, Keys.AGENT_MAX_TURNS, s -> b.agentMaxTurns(parseInt(Keys.AGENT_MAX_TURNS, s, 1)));
        with(v, Keys.AGENT_TIMEOUT, s -> b.agentTimeout(parseDuration(Keys.AGENT_TIMEOUT, s)));
        with(v, Keys.CONTEXT_BUDGET_TOKENS, s -> b.contextBudgetTokens(parseInt(Keys.CONTEXT_BUDGET_TOKENS, s, 1)));
        with(
                v,
                Keys.MEMORY_EXTRACTION_TOKENS_PER_DAY,
                s -> b.memoryExtractionTokensPerDay(parseInt(Keys.MEMORY_EXTRACTION_TOKENS_PER_DAY, s, 0)));

        b.runtime(runtime(v));
        with(v, Keys.TOOL_RATE_LIMITS, s -> parseToolRateLimits(s).forEach(b::toolRateLimit));
        b.schedules(schedules(v));
        b.files(files(v));
        b.channelDefaults(channelDefaults(v));

        with(v, Keys.DATA_DIR, s -> b.dataDir(Path.of(s.strip())));
        with(v, Keys.INSTANCE, s -> b.instance(s.strip()));
        with(v, Keys.DATABASE_URL, b::databaseUrl);
        with(v, Keys.DATABASE_USER, s -> b.databaseUser(s.strip()));
        with(v, Keys.DATABASE_PASSWORD, b::databasePassword);
        with(v, Keys.DATABASE_POOL_SIZE, s -> b.databasePoolSize(parseInt(Keys.DATABASE_POOL_SIZE, s, 1)));

        with(v, Keys.OPS_HOST, s -> b.opsHost(s.strip()));
        with(v, Keys.OPS_PORT, s -> {
            String p = s.strip().toLowerCase(Locale.ROOT);
            if (p.equals("off") || p.equals("none") || p.equals("disabled")) {
                b.opsDisabled();
            } else {
                b.opsPort(parsePort(Keys.OPS_PORT, s));
            }
        });
        b.console(console(v));
        with(v, Keys.LOG_FORMAT, s -> b.logFormat(parseEnum(Keys.LOG_FORMAT, s, LogFormat.class)));
        with(v, Keys.LOG_LEVEL, s -> {
            String level = s.strip().toUpperCase(Locale.ROOT);
            if (!LucyConfig.LOG_LEVELS.contains(level)) {
                throw new ConfigException(Keys.LOG_LEVEL, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
            }
            b.logLevel(level);
        });
        with(v, Keys.EMBEDDINGS, s -> b.embeddings(parseEnum(Keys.EMBEDDINGS, s, EmbeddingsMode.class)));
        return b.build();
    }

    /**
     * The model server and its key. Lucy's own names win ({@code LUCY_MODEL_API_KEY}, {@code LUCY_MODEL_BASE_URL}),
     * then {@code OPENROUTER_API_KEY}, then the names the OpenAI SDKs read ({@code OPENAI_API_KEY}, {@code
     * OPENAI_BASE_URL}). A key goes only where its name says: {@code OPENAI_API_KEY} without a base URL goes to
     * OpenAI's API (where the default model is OpenAI's name for it), and {@code OPENROUTER_API_KEY} never goes to
     * {@code OPENAI_BASE_URL}: that pair is refused. Neither key nor base URL: OpenRouter, and no model to ask.
     */
    private static void modelServer(Map<String, String> v, LucyConfig.Builder b) {
        String keyName = Stream.of(Keys.MODEL_API_KEY, Keys.OPENROUTER_API_KEY, Keys.OPENAI_API_KEY)
                .filter(name -> present(v.get(name)).isPresent())
                .findFirst()
                .orElse("");
        if (!keyName.isEmpty()) {
            b.modelApiKey(v.get(keyName));
        }
        Optional<URI> baseUrl = present(v.get(Keys.MODEL_BASE_URL))
                .map(s -> parseUrl(Keys.MODEL_BASE_URL, s))
                .or(() -> present(v.get(Keys.OPENAI_BASE_URL)).map(s -> {
                    if (keyName.equals(Keys.OPENROUTER_API_KEY)) {
                        throw new ConfigException(
                                Keys.OPENAI_BASE_URL,
                                "is set beside OPENROUTER_API_KEY, which Lucy sends only to OpenRouter: set"
                                        + " LUCY_MODEL_BASE_URL to send it elsewhere, or unset one of the two");
                    }
                    return parseUrl(Keys.OPENAI_BASE_URL, s);
                }))
                .or(() -> keyName.equals(Keys.OPENAI_API_KEY)
                        ? Optional.of(LucyConfig.OPENAI_BASE_URL)
                        : Optional.empty());
        baseUrl.ifPresent(b::modelBaseUrl);
        if (baseUrl.filter(url -> LucyConfig.OPENAI_BASE_URL.getHost().equalsIgnoreCase(url.getHost()))
                .isPresent()) {
            b.model(LucyConfig.DEFAULT_OPENAI_MODEL);
        }
    }

    private static ScheduleConfig schedules(Map<String, String> v) {
        ScheduleConfig.Builder s = ScheduleConfig.builder();
        with(v, Keys.SCHEDULE_MAX_PER_PERSON, x -> s.maxPerPerson(parseInt(Keys.SCHEDULE_MAX_PER_PERSON, x, 1)));
        with(
                v,
                Keys.SCHEDULE_MAX_PER_WORKSPACE,
                x -> s.maxPerWorkspace(parseInt(Keys.SCHEDULE_MAX_PER_WORKSPACE, x, 1)));
        with(v, Keys.SCHEDULE_MIN_INTERVAL, x -> s.minInterval(parseDuration(Keys.SCHEDULE_MIN_INTERVAL, x)));
        with(v, Keys.SCHEDULE_MAX_FAILURES, x -> s.maxFailures(parseInt(Keys.SCHEDULE_MAX_FAILURES, x, 1)));
        with(v, Keys.SCHEDULE_LATE_AFTER, x -> s.lateAfter(parseDuration(Keys.SCHEDULE_LATE_AFTER, x)));
        return s.routines(routines(v)).build();
    }

    private static dev.lucy.tools.RoutineConfig routines(Map<String, String> v) {
        dev.lucy.tools.RoutineConfig.Builder r = dev.lucy.tools.RoutineConfig.builder();
        with(v, Keys.ROUTINE_DIGEST_CHANNEL, r::digestChannel);
        with(v, Keys.ROUTINE_DUE_REMINDERS, x -> r.dueReminders(parseBoolean(Keys.ROUTINE_DUE_REMINDERS, x)));
        with(v, Keys.ROUTINE_TIME_ZONE, x -> {
            try {
                r.zone(java.time.ZoneId.of(x.strip()));
            } catch (java.time.DateTimeException e) {
                throw new ConfigException(
                        Keys.ROUTINE_TIME_ZONE, "must be an IANA time zone such as Europe/Lisbon, got '" + x + "'");
            }
        });
        with(v, Keys.ROUTINE_DIGEST_CRON, x -> r.digestCron(cron(Keys.ROUTINE_DIGEST_CRON, x)));
        with(v, Keys.ROUTINE_DUE_REMINDERS_CRON, x -> r.dueRemindersCron(cron(Keys.ROUTINE_DUE_REMINDERS_CRON, x)));
        return r.build();
    }

    /** A cron expression of five fields, checked here so that a bad one names its setting. */
    private static String cron(String key, String value) {
        try {
            dev.lucy.tools.ScheduleTiming.cron(value.strip(), java.time.ZoneOffset.UTC);
            return value.strip();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static ConsoleConfig console(Map<String, String> v) {
        ConsoleConfig[] c = {ConsoleConfig.defaults()};
        with(v, Keys.CONSOLE_BIND, s -> c[0] = c[0].withBind(s.strip()));
        with(v, Keys.CONSOLE_PORT, s -> {
            String p = s.strip().toLowerCase(Locale.ROOT);
            c[0] = p.equals("off") || p.equals("none") || p.equals("disabled")
                    ? c[0].withEnabled(false)
                    : c[0].withPort(parsePort(Keys.CONSOLE_PORT, s));
        });
        with(v, Keys.CONSOLE_TOKEN, s -> c[0] = c[0].withToken(Secret.of(s.strip())));
        with(v, Keys.CONSOLE_URL, s -> c[0] = c[0].withUrl(parseUrl(Keys.CONSOLE_URL, s)));
        with(v, Keys.TRACES, s -> c[0] = c[0].withTraces(parseBoolean(Keys.TRACES, s)));
        with(v, Keys.TRACE_RETENTION, s -> c[0] = c[0].withTraceRetention(parseDuration(Keys.TRACE_RETENTION, s)));
        return c[0];
    }

    private static SettingsDefaults channelDefaults(Map<String, String> v) {
        boolean join = present(v.get(Keys.JOIN_THREADS))
                .map(x -> parseBoolean(Keys.JOIN_THREADS, x))
                .orElse(SettingsDefaults.defaults().joinThreads());
        Optional<QuietHours> quiet = present(v.get(Keys.QUIET_HOURS)).map(x -> {
            try {
                return QuietHours.parse(x);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        Keys.QUIET_HOURS,
                        "must be a time range and a time zone such as '22:00-07:00 Europe/Paris': " + e.getMessage());
            }
        });
        return new SettingsDefaults(join, quiet);
    }

    private static FilesConfig files(Map<String, String> v) {
        FilesConfig.Builder f = FilesConfig.builder();
        with(v, Keys.FILES_MAX_BYTES, x -> f.maxBytes(parseBytes(Keys.FILES_MAX_BYTES, x)));
        with(v, Keys.FILES_MAX_CHARS, x -> f.maxChars(parseInt(Keys.FILES_MAX_CHARS, x, 100)));
        with(v, Keys.FILES_TYPES, x -> f.allowed(parseFileKinds(Keys.FILES_TYPES, x)));
        with(v, Keys.MODEL_VISION, x -> f.vision(parseBoolean(Keys.MODEL_VISION, x)));
        return f.build();
    }

    /** A size in bytes: {@code 10485760}, {@code 500KB}, {@code 10MB}, {@code 1GB}. */
    static long parseBytes(String key, String value) {
        Matcher m = Pattern.compile("(\\d[\\d_]*)\\s*(b|kb|mb|gb)?")
                .matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key, "must be a size such as 500KB, 10MB or a number of bytes");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "is too large");
        }
        long unit = m.group(2) == null
                ? 1
                : switch (m.group(2)) {
                    case "kb" -> 1024L;
                    case "mb" -> 1024L * 1024;
                    case "gb" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
        if (n < 1) {
            throw new ConfigException(key, "must be at least 1 byte");
        }
        return Math.multiplyExact(n, unit);
    }

    /** Comma-separated kinds of file: {@code text,markdown,csv,json,pdf,office,image}; {@code none} for none. */
    static java.util.Set<FileKind> parseFileKinds(String key, String value) {
        java.util.Set<FileKind> kinds = java.util.EnumSet.noneOf(FileKind.class);
        if (value.strip().equalsIgnoreCase("none")) {
            return kinds;
        }
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                kinds.add(parseEnum(key, name, FileKind.class));
            }
        }
        return kinds;
    }

    private static RuntimeConfig runtime(Map<String, String> v) {
        RuntimeConfig.Builder r = RuntimeConfig.builder();
        int concurrent = RuntimeConfig.DEFAULT_MAX_CONCURRENT_RUNS;
        if (present(v.get(Keys.MAX_CONCURRENT_RUNS)).isPresent()) {
            concurrent = parseInt(Keys.MAX_CONCURRENT_RUNS, v.get(Keys.MAX_CONCURRENT_RUNS), 1);
            r.maxConcurrentRuns(concurrent);
        }
        if (present(v.get(Keys.MAX_BACKGROUND_RUNS)).isPresent()) {
            int background = parseInt(Keys.MAX_BACKGROUND_RUNS, v.get(Keys.MAX_BACKGROUND_RUNS), 1);
            if (background > concurrent) {
                throw new ConfigException(
                        Keys.MAX_BACKGROUND_RUNS,
                        "must not exceed LUCY_MAX_CONCURRENT_RUNS (" + concurrent + "), got " + background);
            }
            r.maxBackgroundRuns(background);
        }
        with(v, Keys.QUEUE_CAPACITY, s -> r.queueCapacity(parseInt(Keys.QUEUE_CAPACITY, s, 1)));
        with(
                v,
                Keys.WORKSPACE_QUEUE_CAPACITY,
                s -> r.workspaceQueueCapacity(parseInt(Keys.WORKSPACE_QUEUE_CAPACITY, s, 1)));
        with(
                v,
                Keys.WORKSPACE_EVENTS_PER_MINUTE,
                s -> r.workspaceEventsPerMinute(parseInt(Keys.WORKSPACE_EVENTS_PER_MINUTE, s, 1)));
        with(v, Keys.USER_EVENTS_PER_MINUTE, s -> r.userEventsPerMinute(parseInt(Keys.USER_EVENTS_PER_MINUTE, s, 1)));
        with(v, Keys.MAX_EVENT_AGE, s -> r.maxEventAge(parseDuration(Keys.MAX_EVENT_AGE, s)));
        with(v, Keys.DEDUP_TTL, s -> r.dedupTtl(parseDuration(Keys.DEDUP_TTL, s)));
        with(v, Keys.TASK_MAX_DURATION, s -> r.taskMaxDuration(parseDuration(Keys.TASK_MAX_DURATION, s)));
        with(v, Keys.SHUTDOWN_DEADLINE, s -> r.shutdownDeadline(parseDuration(Keys.SHUTDOWN_DEADLINE, s)));
        with(v, Keys.RESUME_WITHIN, s -> r.resumeWithin(parseDuration(Keys.RESUME_WITHIN, s)));
        with(v, Keys.REPLICA_TIMEOUT, s -> r.replicaTimeout(parseDuration(Keys.REPLICA_TIMEOUT, s)));
        with(v, Keys.LEASE_TTL, s -> r.leaseTtl(parseDuration(Keys.LEASE_TTL, s)));
        with(v, Keys.ORDER_WINDOW, s -> r.orderWindow(parseDuration(Keys.ORDER_WINDOW, s)));
        return r.build();
    }

    private static void with(Map<String, String> values, String key, Consumer<String> apply) {
        present(values.get(key)).ifPresent(apply);
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static int parseInt(String key, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number");
        }
        if (n < min) {
            throw new ConfigException(key, "must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** Comma-separated model names; an empty one is refused by {@link LucyConfig}, which names the setting. */
    private static List<String> models(String value) {
        return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }

    /** A whole number of at least 1, for limits; the message never repeats the value. */
    static long parseLimit(String key, String value) {
        long n;
        try {
            n = Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number");
        }
        if (n < 1) {
            throw new ConfigException(key, "must be a whole number of at least 1");
        }
        return n;
    }

    /**
     * {@code MODEL=LIMITS, ...}, each limit {@code <n>rpm} or {@code <n>tpm}, separated by spaces. A model name may hold
     * {@code /}, {@code :} and {@code =}; its limits start after the last {@code =}. Problems are named by the entry's
     * number, never by its text.
     */
    static Map<String, LucyConfig.ModelBudget> parseModelBudgets(String value) {
        String key = Keys.MODEL_BUDGETS;
        return parseEntries(key, value, "a model", (entry, n) -> {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0
                    || entry.substring(0, eq).isBlank()
                    || entry.substring(eq + 1).isBlank()) {
                throw new ConfigException(key, n + " must be " + BUDGETS_FORMAT);
            }
            OptionalLong requests = OptionalLong.empty();
            OptionalLong tokens = OptionalLong.empty();
            for (String part : entry.substring(eq + 1).strip().split("\\s+")) {
                Matcher m = BUDGET_LIMIT.matcher(part.toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new ConfigException(
                            key, n + ": each limit is a whole number followed by rpm or tpm, for example 60rpm");
                }
                long amount;
                try {
                    amount = parseLimit(key, m.group(1));
                } catch (ConfigException e) {
                    throw new ConfigException(key, n + ": a limit must be a whole number of at least 1");
                }
                boolean perRequest = m.group(2).equals("rpm");
                if (perRequest ? requests.isPresent() : tokens.isPresent()) {
                    throw new ConfigException(key, n + " sets " + m.group(2) + " twice");
                }
                if (perRequest) {
                    requests = OptionalLong.of(amount);
                } else {
                    tokens = OptionalLong.of(amount);
                }
            }
            return Map.entry(entry.substring(0, eq).strip(), new LucyConfig.ModelBudget(requests, tokens));
        });
    }

    /**
     * {@code MODEL=INPUT/OUTPUT, ...}: US dollars per million input (prompt) and output (completion) tokens, as decimals.
     * A model name may hold {@code /}, {@code :} and {@code =}; its price starts after the last {@code =}. Problems are
     * named by the entry's number, never by its text.
     */
    static Map<String, ModelPrice> parseModelPrices(String value) {
        String key = Keys.MODEL_PRICES;
        return parseEntries(key, value, "a model", (entry, n) -> {
            int eq = entry.lastIndexOf('=');
            String[] prices =
                    eq <= 0 ? new String[0] : entry.substring(eq + 1).strip().split("/", -1);
            if (eq <= 0 || entry.substring(0, eq).isBlank() || prices.length != 2) {
                throw new ConfigException(key, n + " must be " + PRICES_FORMAT);
            }
            try {
                ModelPrice price = ModelPrice.of(prices[0].strip(), prices[1].strip());
                return Map.entry(entry.substring(0, eq).strip(), price);
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        key, n + ": a price is dollars per million tokens as a decimal number, for example 0.15");
            }
        });
    }

    /**
     * {@code PROVIDER=CALLS/PERIOD, ...}: the period a duration ({@code 30s}, {@code 5m}) or a bare unit ({@code s},
     * {@code m}, {@code h}, {@code d}) for one of it. Problems are named by the entry's number, never by its text.
     */
    static Map<String, RateLimit> parseToolRateLimits(String value) {
        String key = Keys.TOOL_RATE_LIMITS;
        return parseEntries(key, value, "a provider", (entry, n) -> {
            int eq = entry.indexOf('=');
            int slash = entry.indexOf('/', Math.max(eq, 0));
            if (eq <= 0 || slash < 0 || entry.substring(0, eq).isBlank()) {
                throw new ConfigException(key, n + " must be " + TOOL_LIMITS_FORMAT);
            }
            long calls;
            try {
                calls = parseLimit(key, entry.substring(eq + 1, slash));
            } catch (ConfigException e) {
                throw new ConfigException(key, n + ": the calls must be a whole number of at least 1");
            }
            String period = entry.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
            Duration duration;
            try {
                duration = parseDuration(key, period.matches("ms|s|m|h|d") ? "1" + period : period);
            } catch (ConfigException e) {
                throw new ConfigException(key, n + ": the period must be a duration such as s, m, h, 30s or 5m");
            }
            return Map.entry(entry.substring(0, eq).strip(), new RateLimit(calls, duration));
        });
    }

    /**
     * A comma-separated setting of named entries, in order. {@code parse} reads one entry (stripped, never empty)
     * into its name and value; problems name an entry by its number ({@code n}, "entry 2"), never by its text, and
     * two entries naming the same {@code thing} are one.
     */
    private static <V> Map<String, V> parseEntries(
            String key, String value, String thing, BiFunction<String, String, Map.Entry<String, V>> parse) {
        Map<String, V> parsed = new LinkedHashMap<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String n = "entry " + (i + 1);
            if (entry.isEmpty()) {
                throw new ConfigException(key, "has an empty entry between commas");
            }
            Map.Entry<String, V> named = parse.apply(entry, n);
            if (parsed.put(named.getKey(), named.getValue()) != null) {
                throw new ConfigException(key, n + " names " + thing + " an earlier entry names");
            }
        }
        return parsed;
    }

    static int parsePort(String key, String value) {
        int port = parseInt(key, value, 0);
        if (port > 65_535) {
            throw new ConfigException(key, "must be a port between 0 and 65535, got " + port);
        }
        return port;
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT30S}. */
    static Duration parseDuration(String key, String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        Duration d;
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "is too large");
            }
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConfigException(key, "must be a duration such as 500ms, 30s, 5m, 2h or PT30S");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key, "must be a positive duration");
        }
        return d;
    }

    static boolean parseBoolean(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key, "must be true or false");
        };
    }

    static URI parseUrl(String key, String value) {
        try {
            URI uri = new URI(value.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ConfigException(key, "must be an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL");
        }
    }

    static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
        String s = value.strip().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(s)) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList();
        throw new ConfigException(key, "must be one of " + String.join(", ", names));
    }
}

package dev.lucy.app.config;

import java.util.List;

/** The names of every setting, as environment variables and as keys of the properties file. */
final class Keys {
    static final String CONFIG_FILE = "LUCY_CONFIG_FILE";

    static final String SLACK_BOT_TOKEN = "SLACK_BOT_TOKEN";
    static final String SLACK_APP_TOKEN = "SLACK_APP_TOKEN";
    static final String SLACK_SIGNING_SECRET = "SLACK_SIGNING_SECRET";
    static final String SLACK_MODE = "LUCY_SLACK_MODE";
    static final String HTTP_PORT = "LUCY_HTTP_PORT";
    static final String SLACK_API_URL = "LUCY_SLACK_API_URL";
    static final String ALLOW_BROADCASTS = "LUCY_ALLOW_BROADCASTS";
    static final String HOME_ENABLED = "LUCY_HOME_ENABLED";
    static final String SLACK_STREAM_IN_CHANNELS = "LUCY_SLACK_STREAM_IN_CHANNELS";
    static final String SLACK_CLIENT_ID = "SLACK_CLIENT_ID";
    static final String SLACK_CLIENT_SECRET = "SLACK_CLIENT_SECRET";
    static final String SLACK_AUTHORIZE_URL = "LUCY_SLACK_AUTHORIZE_URL";
    static final String SLACK_OPENID_URL = "LUCY_SLACK_OPENID_URL";

    static final String OPENROUTER_API_KEY = "OPENROUTER_API_KEY";
    static final String MODEL_API_KEY = "LUCY_MODEL_API_KEY";
    static final String MODEL_BASE_URL = "LUCY_MODEL_BASE_URL";
    static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
    static final String MODEL = "LUCY_MODEL";
    static final String FALLBACK_MODELS = "LUCY_FALLBACK_MODELS";
    static final String MODEL_TIMEOUT = "LUCY_MODEL_TIMEOUT";
    static final String MODEL_FIRST_TOKEN_TIMEOUT = "LUCY_MODEL_FIRST_TOKEN_TIMEOUT";
    static final String MODEL_MAX_CONCURRENT_REQUESTS = "LUCY_MODEL_MAX_CONCURRENT_REQUESTS";
    static final String MODEL_FAST = "LUCY_MODEL_FAST";
    static final String MODEL_FRONTIER = "LUCY_MODEL_FRONTIER";
    static final String MODEL_RPM = "LUCY_MODEL_RPM";
    static final String MODEL_TPM = "LUCY_MODEL_TPM";
    static final String MODEL_BUDGETS = "LUCY_MODEL_BUDGETS";
    static final String MODEL_PRICES = "LUCY_MODEL_PRICES";
    static final String TOOL_RATE_LIMITS = "LUCY_TOOL_RATE_LIMITS";
    static final String MCP_CONFIG = "LUCY_MCP_CONFIG";
    static final String SECRET_KEY = "LUCY_SECRET_KEY";
    static final String PUBLIC_URL = "LUCY_PUBLIC_URL";

    static final String AGENT_MAX_TURNS = "LUCY_AGENT_MAX_TURNS";
    static final String AGENT_TIMEOUT = "LUCY_AGENT_TIMEOUT";
    static final String CONTEXT_BUDGET_TOKENS = "LUCY_CONTEXT_BUDGET_TOKENS";
    static final String MEMORY_EXTRACTION_TOKENS_PER_DAY = "LUCY_MEMORY_EXTRACTION_TOKENS_PER_DAY";

    static final String MAX_CONCURRENT_RUNS = "LUCY_MAX_CONCURRENT_RUNS";
    static final String MAX_BACKGROUND_RUNS = "LUCY_MAX_BACKGROUND_RUNS";
    static final String QUEUE_CAPACITY = "LUCY_QUEUE_CAPACITY";
    static final String WORKSPACE_QUEUE_CAPACITY = "LUCY_WORKSPACE_QUEUE_CAPACITY";
    static final String WORKSPACE_EVENTS_PER_MINUTE = "LUCY_WORKSPACE_EVENTS_PER_MINUTE";
    static final String USER_EVENTS_PER_MINUTE = "LUCY_USER_EVENTS_PER_MINUTE";
    static final String MAX_EVENT_AGE = "LUCY_MAX_EVENT_AGE";
    static final String DEDUP_TTL = "LUCY_DEDUP_TTL";
    static final String TASK_MAX_DURATION = "LUCY_TASK_MAX_DURATION";
    static final String SHUTDOWN_DEADLINE = "LUCY_SHUTDOWN_DEADLINE";
    static final String RESUME_WITHIN = "LUCY_RESUME_WITHIN";
    static final String REPLICA_TIMEOUT = "LUCY_REPLICA_TIMEOUT";
    static final String INSTANCE = "LUCY_INSTANCE";
    static final String LEASE_TTL = "LUCY_LEASE_TTL";
    static final String ORDER_WINDOW = "LUCY_ORDER_WINDOW";

    static final String SCHEDULE_MAX_PER_PERSON = "LUCY_SCHEDULE_MAX_PER_PERSON";
    static final String SCHEDULE_MAX_PER_WORKSPACE = "LUCY_SCHEDULE_MAX_PER_WORKSPACE";
    static final String SCHEDULE_MIN_INTERVAL = "LUCY_SCHEDULE_MIN_INTERVAL";
    static final String SCHEDULE_MAX_FAILURES = "LUCY_SCHEDULE_MAX_FAILURES";
    static final String SCHEDULE_LATE_AFTER = "LUCY_SCHEDULE_LATE_AFTER";
    static final String ROUTINE_DIGEST_CHANNEL = "LUCY_ROUTINE_DIGEST_CHANNEL";
    static final String ROUTINE_DIGEST_CRON = "LUCY_ROUTINE_DIGEST_CRON";
    static final String ROUTINE_DUE_REMINDERS = "LUCY_ROUTINE_DUE_REMINDERS";
    static final String ROUTINE_DUE_REMINDERS_CRON = "LUCY_ROUTINE_DUE_REMINDERS_CRON";
    static final String ROUTINE_TIME_ZONE = "LUCY_ROUTINE_TIME_ZONE";

    static final String FILES_MAX_BYTES = "LUCY_FILES_MAX_BYTES";
    static final String FILES_MAX_CHARS = "LUCY_FILES_MAX_CHARS";
    static final String FILES_TYPES = "LUCY_FILES_TYPES";
    static final String MODEL_VISION = "LUCY_MODEL_VISION";

    static final String JOIN_THREADS = "LUCY_JOIN_THREADS";
    static final String QUIET_HOURS = "LUCY_QUIET_HOURS";

    static final String DATA_DIR = "LUCY_DATA_DIR";
    static final String DATABASE_URL = "LUCY_DATABASE_URL";
    static final String DATABASE_USER = "LUCY_DATABASE_USER";
    static final String DATABASE_PASSWORD = "LUCY_DATABASE_PASSWORD";
    static final String DATABASE_POOL_SIZE = "LUCY_DATABASE_POOL_SIZE";

    static final String OPS_HOST = "LUCY_OPS_HOST";
    static final String OPS_PORT = "LUCY_OPS_PORT";
    // the web console (ConsoleConfig)
    static final String CONSOLE_BIND = "LUCY_CONSOLE_BIND";
    static final String CONSOLE_PORT = "LUCY_CONSOLE_PORT";
    static final String CONSOLE_TOKEN = "LUCY_CONSOLE_TOKEN";
    static final String CONSOLE_URL = "LUCY_CONSOLE_URL";
    static final String TRACES = "LUCY_TRACES";
    static final String TRACE_RETENTION = "LUCY_TRACE_RETENTION";
    static final String LOG_FORMAT = "LUCY_LOG_FORMAT";
    static final String LOG_LEVEL = "LUCY_LOG_LEVEL";
    static final String EMBEDDINGS = "LUCY_EMBEDDINGS";

    /** Every setting, in the order docs/configuration.md lists them. */
    static final List<String> ALL = List.of(
            CONFIG_FILE,
            SLACK_BOT_TOKEN,
            SLACK_APP_TOKEN,
            SLACK_SIGNING_SECRET,
            SLACK_MODE,
            HTTP_PORT,
            SLACK_API_URL,
            ALLOW_BROADCASTS,
            HOME_ENABLED,
            SLACK_STREAM_IN_CHANNELS,
            SLACK_CLIENT_ID,
            SLACK_CLIENT_SECRET,
            SLACK_AUTHORIZE_URL,
            SLACK_OPENID_URL,
            OPENROUTER_API_KEY,
            MODEL_API_KEY,
            OPENAI_API_KEY,
            MODEL_BASE_URL,
            OPENAI_BASE_URL,
            MODEL,
            FALLBACK_MODELS,
            MODEL_TIMEOUT,
            MODEL_FIRST_TOKEN_TIMEOUT,
            MODEL_MAX_CONCURRENT_REQUESTS,
            MODEL_FAST,
            MODEL_FRONTIER,
            MODEL_RPM,
            MODEL_TPM,
            MODEL_BUDGETS,
            AGENT_MAX_TURNS,
            AGENT_TIMEOUT,
            CONTEXT_BUDGET_TOKENS,
            MEMORY_EXTRACTION_TOKENS_PER_DAY,
            MAX_CONCURRENT_RUNS,
            MAX_BACKGROUND_RUNS,
            QUEUE_CAPACITY,
            WORKSPACE_QUEUE_CAPACITY,
            WORKSPACE_EVENTS_PER_MINUTE,
            USER_EVENTS_PER_MINUTE,
            MAX_EVENT_AGE,
            DEDUP_TTL,
            TASK_MAX_DURATION,
            SHUTDOWN_DEADLINE,
            RESUME_WITHIN,
            REPLICA_TIMEOUT,
            TOOL_RATE_LIMITS,
            MCP_CONFIG,
            SECRET_KEY,
            PUBLIC_URL,
            LEASE_TTL,
            ORDER_WINDOW,
            SCHEDULE_MAX_PER_PERSON,
            SCHEDULE_MAX_PER_WORKSPACE,
            SCHEDULE_MIN_INTERVAL,
            SCHEDULE_MAX_FAILURES,
            SCHEDULE_LATE_AFTER,
            FILES_MAX_BYTES,
            FILES_MAX_CHARS,
            FILES_TYPES,
            MODEL_VISION,
            JOIN_THREADS,
            QUIET_HOURS,
            ROUTINE_DIGEST_CHANNEL,
            ROUTINE_DIGEST_CRON,
            ROUTINE_DUE_REMINDERS,
            ROUTINE_DUE_REMINDERS_CRON,
            ROUTINE_TIME_ZONE,
            DATA_DIR,
            INSTANCE,
            DATABASE_URL,
            DATABASE_USER,
            DATABASE_PASSWORD,
            DATABASE_POOL_SIZE,
            OPS_HOST,
            OPS_PORT,
            CONSOLE_BIND,
            CONSOLE_PORT,
            CONSOLE_TOKEN,
            CONSOLE_URL,
            TRACES,
            TRACE_RETENTION,
            MODEL_PRICES,
            LOG_FORMAT,
            LOG_LEVEL,
            EMBEDDINGS);

    private Keys() {}
}

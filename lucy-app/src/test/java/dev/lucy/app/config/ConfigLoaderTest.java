package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.model.ModelTier;
import dev.lucy.core.model.RateBudget;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.tools.RateLimit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final String BOT = "xoxb-1111-2222-abcdefABCDEF";
    private static final String APP = "xapp-1-A111-2222-abcdef";
    private static final String KEY = "sk-or-v1-0123456789abcdef";

    @TempDir
    Path dir;

    /** {@code lucy.properties} in the test's directory, holding {@code content}. */
    private Path propertiesFile(String content) throws IOException {
        return Files.writeString(dir.resolve("lucy.properties"), content);
    }

    /** What loading {@code file}, with an empty environment, throws. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertLoadingFails(Path file) {
        return assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(file)));
    }

    @Test
    void an_empty_environment_gives_the_documented_defaults() {
        LucyConfig config = ConfigLoader.load(Map.of());

        assertThat(config.slackMode()).isEqualTo(SlackMode.SOCKET);
        assertThat(config.httpPort()).isEqualTo(3000);
        assertThat(config.slackApiUrl()).isEqualTo(URI.create("https://slack.com/api/"));
        assertThat(config.modelBaseUrl()).isEqualTo(URI.create("https://openrouter.ai/api/v1"));
        assertThat(config.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(config.fallbackModels()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.instance()).isEqualTo(LucyConfig.hostName()).isNotBlank();
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + Path.of("data", "lucy.db"));
        assertThat(config.opsEnabled()).isTrue();
        assertThat(config.opsHost()).isEqualTo("127.0.0.1");
        assertThat(config.opsPort()).isEqualTo(8080);
        assertThat(config.logFormat()).isEqualTo(LogFormat.AUTO);
        assertThat(config.logLevel()).isEqualTo("INFO");
        assertThat(config.runtime()).isEqualTo(RuntimeConfig.defaults());
        assertThat(config.hasSlackCredentials()).isFalse();
        assertThat(config.hasModelCredentials()).isFalse();
        assertThat(config.allowBroadcasts()).isFalse();
        assertThat(config.slackStreamInChannels()).isTrue();
    }

    @Test
    void reads_every_kind_of_setting_from_the_environment() {
        LucyConfig config = ConfigLoader.load(Map.ofEntries(
                Map.entry("SLACK_BOT_TOKEN", BOT),
                Map.entry("SLACK_APP_TOKEN", APP),
                Map.entry("OPENROUTER_API_KEY", KEY),
                Map.entry("LUCY_MODEL", "anthropic/claude-sonnet-4"),
                Map.entry("LUCY_FALLBACK_MODELS", "openai/gpt-4o-mini, openai/gpt-5-mini"),
                Map.entry("LUCY_MODEL_TIMEOUT", "45s"),
                Map.entry("LUCY_AGENT_TIMEOUT", "PT2M"),
                Map.entry("LUCY_MAX_CONCURRENT_RUNS", "40"),
                Map.entry("LUCY_MAX_BACKGROUND_RUNS", "5"),
                Map.entry("LUCY_USER_EVENTS_PER_MINUTE", "30"),
                Map.entry("LUCY_DEDUP_TTL", "3h"),
                Map.entry("LUCY_SHUTDOWN_DEADLINE", "500ms"),
                Map.entry("LUCY_REPLICA_TIMEOUT", "1m"),
                Map.entry("LUCY_INSTANCE", "lucy-2"),
                Map.entry("LUCY_DATA_DIR", dir.toString()),
                Map.entry("LUCY_OPS_PORT", "0"),
                Map.entry("LUCY_OPS_HOST", "0.0.0.0"),
                Map.entry("LUCY_LOG_FORMAT", "JSON"),
                Map.entry("LUCY_LOG_LEVEL", "debug"),
                Map.entry("LUCY_ALLOW_BROADCASTS", "yes"),
                Map.entry("LUCY_SLACK_STREAM_IN_CHANNELS", "false"),
                Map.entry("PATH", "/usr/bin")));

        assertThat(config.hasSlackCredentials()).isTrue();
        assertThat(config.hasModelCredentials()).isTrue();
        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo(KEY);
        assertThat(config.modelChain())
                .containsExactly("anthropic/claude-sonnet-4", "openai/gpt-4o-mini", "openai/gpt-5-mini");
        for (dev.lucy.core.model.ModelTier tier : dev.lucy.core.model.ModelTier.values()) {
            assertThat(config.resilienceConfig().models(tier)).as("%s", tier).isEqualTo(config.modelChain());
        }
        assertThat(config.modelTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.agentTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.runtime().maxConcurrentRuns()).isEqualTo(40);
        assertThat(config.runtime().maxBackgroundRuns()).isEqualTo(5);
        assertThat(config.runtime().userEventsPerMinute()).isEqualTo(30);
        assertThat(config.runtime().dedupTtl()).isEqualTo(Duration.ofHours(3));
        assertThat(config.runtime().shutdownDeadline()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.runtime().replicaTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.instance()).isEqualTo("lucy-2");
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("lucy.db"));
        assertThat(config.opsPort()).isZero();
        assertThat(config.opsHost()).isEqualTo("0.0.0.0");
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.allowBroadcasts()).isTrue();
        assertThat(config.slackStreamInChannels()).isFalse();
        assertThat(config.modelClientConfig().defaultModel()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(config.agentConfig().wallClockBudget()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void lucy_model_api_key_wins_over_openrouter_api_key() {
        LucyConfig config = ConfigLoader.load(Map.of("OPENROUTER_API_KEY", KEY, "LUCY_MODEL_API_KEY", "local-key-1"));

        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo("local-key-1");
    }

    @Test
    void openai_api_key_alone_goes_to_openai_under_openais_model_name() {
        LucyConfig config = ConfigLoader.load(Map.of("OPENAI_API_KEY", "sk-proj-0123456789abcdef"));

        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo("sk-proj-0123456789abcdef");
        assertThat(config.modelBaseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(config.model()).isEqualTo("gpt-4o-mini");
        assertThat(config.hasModelServer()).isTrue();
    }

    @Test
    void openai_base_url_without_a_key_is_a_model_server_that_needs_none() {
        LucyConfig config = ConfigLoader.load(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"));

        assertThat(config.modelApiKey()).isEmpty();
        assertThat(config.modelBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:11434/v1"));
        assertThat(config.hasModelServer()).isTrue();
        assertThat(config.modelClientConfig().hasApiKey()).isFalse();
    }

    @Test
    void openai_key_and_base_url_go_together_and_lucy_model_names_the_model() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "OPENAI_API_KEY", "local-key-2",
                "OPENAI_BASE_URL", "https://models.example.com/v1",
                "LUCY_MODEL", "llama-3.3-70b"));

        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo("local-key-2");
        assertThat(config.modelBaseUrl()).isEqualTo(URI.create("https://models.example.com/v1"));
        assertThat(config.model()).isEqualTo("llama-3.3-70b");
    }

    @Test
    void lucy_names_win_over_openai_names() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_MODEL_API_KEY", "local-key-1",
                "LUCY_MODEL_BASE_URL", "http://10.0.0.5:8000/v1",
                "OPENAI_API_KEY", "sk-proj-0123456789abcdef",
                "OPENAI_BASE_URL", "https://api.openai.com/v1"));

        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo("local-key-1");
        assertThat(config.modelBaseUrl()).isEqualTo(URI.create("http://10.0.0.5:8000/v1"));
        assertThat(config.model()).isEqualTo(LucyConfig.DEFAULT_MODEL);
    }

    @Test
    void openrouter_key_wins_over_openai_key_and_stays_with_openrouter() {
        LucyConfig config = ConfigLoader.load(Map.of("OPENROUTER_API_KEY", KEY, "OPENAI_API_KEY", "sk-proj-1"));

        assertThat(config.modelApiKey().orElseThrow().reveal()).isEqualTo(KEY);
        assertThat(config.modelBaseUrl()).isEqualTo(LucyConfig.DEFAULT_MODEL_BASE_URL);
        assertThat(config.model()).isEqualTo(LucyConfig.DEFAULT_MODEL);
    }

    @Test
    void an_openrouter_key_is_never_sent_to_openai_base_url() {
        assertThatThrownBy(() -> ConfigLoader.load(
                        Map.of("OPENROUTER_API_KEY", KEY, "OPENAI_BASE_URL", "https://models.example.com/v1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OPENAI_BASE_URL: is set beside OPENROUTER_API_KEY")
                .hasMessageContaining("LUCY_MODEL_BASE_URL")
                .hasMessageNotContaining(KEY);

        LucyConfig chosen = ConfigLoader.load(Map.of(
                "OPENROUTER_API_KEY", KEY,
                "OPENAI_BASE_URL", "https://models.example.com/v1",
                "LUCY_MODEL_BASE_URL", "https://openrouter.example.com/api/v1"));
        assertThat(chosen.modelBaseUrl()).isEqualTo(URI.create("https://openrouter.example.com/api/v1"));
    }

    @Test
    void no_key_and_no_base_url_is_no_model_server() {
        LucyConfig config = ConfigLoader.load(Map.of());

        assertThat(config.hasModelServer()).isFalse();
        assertThat(ConfigLoader.load(Map.of("LUCY_MODEL_BASE_URL", "https://openrouter.ai/api/v1/"))
                        .hasModelServer())
                .as("OpenRouter without a key, however its URL is written")
                .isFalse();
    }

    @Test
    void the_environment_wins_over_the_properties_file() throws IOException {
        Path file = propertiesFile("""
                # Lucy's settings
                LUCY_MODEL=from/file
                LUCY_HTTP_PORT=4000
                LUCY_FALLBACK_MODELS=a/one,b/two
                """);

        LucyConfig config = ConfigLoader.load(Map.of("LUCY_CONFIG_FILE", file.toString(), "LUCY_MODEL", "from/env"));

        assertThat(config.model()).isEqualTo("from/env");
        assertThat(config.httpPort()).isEqualTo(4000);
        assertThat(config.fallbackModels()).containsExactly("a/one", "b/two");
    }

    @Test
    void an_explicit_config_file_replaces_the_one_named_in_the_environment() throws IOException {
        Path named = dir.resolve("named.properties");
        Path explicit = dir.resolve("explicit.properties");
        Files.writeString(named, "LUCY_MODEL=named/model\n");
        Files.writeString(explicit, "LUCY_MODEL=explicit/model\n");

        LucyConfig config = ConfigLoader.load(Map.of("LUCY_CONFIG_FILE", named.toString()), Optional.of(explicit));

        assertThat(config.model()).isEqualTo("explicit/model");
    }

    @Test
    void an_unknown_key_in_the_file_is_named() throws IOException {
        Path file = propertiesFile("LUCY_MODLE=typo/model\n");

        assertLoadingFails(file)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_MODLE: is not a setting Lucy knows");
    }

    @Test
    void a_pasted_token_in_the_file_is_reported_by_its_line_never_by_its_text() throws IOException {
        String token = "xapp-1-A0123456789-1234567890123-abcdefabcdefabcdefabcdefabcdef";
        Path file = propertiesFile("# Lucy\nLUCY_MODEL=a/model\n\n" + token + "\n");

        assertLoadingFails(file)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 4 of " + file)
                .hasMessageContaining("not a KEY=value setting")
                .hasMessageNotContaining("xapp")
                .hasMessageNotContaining(token.substring(20));
    }

    @Test
    void an_unknown_setting_name_in_the_file_is_named_with_its_line_but_not_its_value() throws IOException {
        Path file = propertiesFile("LUCY_MODEL=a/model\nSLACK_BOT_TOKN=xoxb-123-456-secretvalue\n");

        assertLoadingFails(file)
                .isInstanceOf(ConfigException.class)
                .hasMessage("SLACK_BOT_TOKN: is not a setting Lucy knows (line 2 of " + file + ")");
    }

    @Test
    void a_value_continued_over_lines_counts_its_first_line() throws IOException {
        Path file = propertiesFile("LUCY_MODEL=a/\\\n  model\nLUCY_NOPE=1\n");

        assertLoadingFails(file).hasMessage("LUCY_NOPE: is not a setting Lucy knows (line 3 of " + file + ")");
        Files.writeString(file, "LUCY_MODEL=a/\\\n  model\n");
        assertThat(ConfigLoader.load(Map.of(), Optional.of(file)).model()).isEqualTo("a/model");
    }

    @Test
    void a_value_set_where_it_does_not_fit_is_never_repeated() {
        String token = "xoxb-1234-5678-abcdefghijklmnop";
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_HTTP_PORT", token, "LUCY_MODEL_TIMEOUT", token)))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining(token);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_SLACK_MODE", token)))
                .hasMessageNotContaining(token);
    }

    @Test
    void a_missing_config_file_is_named() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_CONFIG_FILE", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LUCY_CONFIG_FILE: no such file: " + missing);
    }

    @Test
    void an_empty_value_counts_as_unset() {
        LucyConfig config = ConfigLoader.load(Map.of("LUCY_HTTP_PORT", "", "SLACK_BOT_TOKEN", "  "));

        assertThat(config.httpPort()).isEqualTo(3000);
        assertThat(config.hasSlackCredentials()).isFalse();
    }

    @Test
    void ops_port_off_turns_the_endpoint_off() {
        assertThat(ConfigLoader.load(Map.of("LUCY_OPS_PORT", "off")).opsEnabled())
                .isFalse();
    }

    @Test
    void postgres_urls_with_user_and_password_are_accepted() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_DATABASE_URL", "jdbc:postgresql://db.internal:5432/lucy",
                "LUCY_DATABASE_USER", "lucy",
                "LUCY_DATABASE_PASSWORD", "s3cret-db-pass",
                "LUCY_DATABASE_POOL_SIZE", "20"));

        assertThat(config.databaseConfig().url()).isEqualTo("jdbc:postgresql://db.internal:5432/lucy");
        assertThat(config.databaseConfig().maxPoolSize()).isEqualTo(20);
        assertThat(config.toString()).doesNotContain("s3cret-db-pass");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            LUCY_HTTP_PORT | eighty | LUCY_HTTP_PORT: must be a whole number
            LUCY_OPS_PORT | 70000 | LUCY_OPS_PORT: must be a port between 0 and 65535, got 70000
            LUCY_SLACK_MODE | webhook | LUCY_SLACK_MODE: must be one of socket, http
            LUCY_MODEL_BASE_URL | openrouter.ai/api | LUCY_MODEL_BASE_URL: must be an http:// or https:// URL with a host
            LUCY_MODEL_TIMEOUT | 30 | LUCY_MODEL_TIMEOUT: must be a duration such as 500ms, 30s, 5m, 2h or PT30S
            LUCY_MAX_CONCURRENT_RUNS | 0 | LUCY_MAX_CONCURRENT_RUNS: must be at least 1, got 0
            LUCY_LOG_LEVEL | loud | LUCY_LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF
            LUCY_ALLOW_BROADCASTS | maybe | LUCY_ALLOW_BROADCASTS: must be true or false
            LUCY_INSTANCE | lucy one | LUCY_INSTANCE: must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit
            LUCY_REPLICA_TIMEOUT | soon | LUCY_REPLICA_TIMEOUT: must be a duration such as 500ms, 30s, 5m, 2h or PT30S
            LUCY_FALLBACK_MODELS | a/one,,b/two | LUCY_FALLBACK_MODELS: has an empty model name between commas
            LUCY_DATABASE_URL | mysql://root:hunter2@db/lucy | LUCY_DATABASE_URL: must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB URL
            LUCY_MODEL_FAST | a/one,,b/two | LUCY_MODEL_FAST: has an empty model name between commas
            LUCY_MODEL_FRONTIER | , , | LUCY_MODEL_FRONTIER: has an empty model name between commas
            LUCY_MODEL_RPM | 0 | LUCY_MODEL_RPM: must be a whole number of at least 1
            LUCY_MODEL_TPM | lots | LUCY_MODEL_TPM: must be a whole number
            LUCY_MODEL_BUDGETS | openai/gpt-5 | LUCY_MODEL_BUDGETS: entry 1 must be MODEL=LIMITS, for example openai/gpt-5=60rpm 200000tpm
            LUCY_MODEL_BUDGETS | a/one=60rpm, b/two=60rps | LUCY_MODEL_BUDGETS: entry 2: each limit is a whole number followed by rpm or tpm, for example 60rpm
            LUCY_MODEL_BUDGETS | a/one=0rpm | LUCY_MODEL_BUDGETS: entry 1: a limit must be a whole number of at least 1
            LUCY_MODEL_BUDGETS | a/one=6rpm 9rpm | LUCY_MODEL_BUDGETS: entry 1 sets rpm twice
            LUCY_MODEL_BUDGETS | a/one=6rpm,a/one=9tpm | LUCY_MODEL_BUDGETS: entry 2 names a model an earlier entry names
            LUCY_MODEL_BUDGETS | a/one=6rpm, | LUCY_MODEL_BUDGETS: has an empty entry between commas
            LUCY_MODEL_PRICES | openai/gpt-4o-mini=0.15 | LUCY_MODEL_PRICES: entry 1 must be MODEL=INPUT/OUTPUT in dollars per million tokens, for example openai/gpt-4o-mini=0.15/0.60
            LUCY_MODEL_PRICES | a/one=1/2, b/two | LUCY_MODEL_PRICES: entry 2 must be MODEL=INPUT/OUTPUT in dollars per million tokens, for example openai/gpt-4o-mini=0.15/0.60
            LUCY_MODEL_PRICES | a/one=$1/2 | LUCY_MODEL_PRICES: entry 1: a price is dollars per million tokens as a decimal number, for example 0.15
            LUCY_MODEL_PRICES | a/one=1/-2 | LUCY_MODEL_PRICES: has a negative price
            LUCY_MODEL_PRICES | a/one=1/2,a/one=3/4 | LUCY_MODEL_PRICES: entry 2 names a model an earlier entry names
            LUCY_TOOL_RATE_LIMITS | github | LUCY_TOOL_RATE_LIMITS: entry 1 must be PROVIDER=CALLS/PERIOD, for example github=5000/h
            LUCY_TOOL_RATE_LIMITS | github=5000/h, zendesk=none/s | LUCY_TOOL_RATE_LIMITS: entry 2: the calls must be a whole number of at least 1
            LUCY_TOOL_RATE_LIMITS | github=5000/fortnight | LUCY_TOOL_RATE_LIMITS: entry 1: the period must be a duration such as s, m, h, 30s or 5m
            LUCY_TOOL_RATE_LIMITS | github=5000/h,github=60/m | LUCY_TOOL_RATE_LIMITS: entry 2 names a provider an earlier entry names
            LUCY_TOOL_RATE_LIMITS | crm=5000000000/1s | LUCY_TOOL_RATE_LIMITS: allows more than one call per nanosecond
            """)
    void each_invalid_setting_fails_with_one_line_naming_it(String key, String value, String message) {
        assertProblem(Map.of(key, value), message);
    }

    @Test
    void background_runs_may_not_outnumber_all_runs() {
        assertProblem(
                Map.of("LUCY_MAX_CONCURRENT_RUNS", "4", "LUCY_MAX_BACKGROUND_RUNS", "8"),
                "LUCY_MAX_BACKGROUND_RUNS: must not exceed LUCY_MAX_CONCURRENT_RUNS (4), got 8");
    }

    @Test
    void each_tier_asks_its_own_models_first_then_the_default_chain() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_MODEL", "openai/gpt-5-mini",
                "LUCY_FALLBACK_MODELS", "openai/gpt-4o-mini",
                "LUCY_MODEL_FAST", "openai/gpt-5-nano",
                "LUCY_MODEL_FRONTIER", "anthropic/claude-sonnet-4, openai/gpt-5"));

        ResilienceConfig resilience = config.resilienceConfig();

        assertThat(resilience.models(ModelTier.FAST))
                .containsExactly("openai/gpt-5-nano", "openai/gpt-5-mini", "openai/gpt-4o-mini");
        assertThat(resilience.models(ModelTier.DEFAULT)).containsExactly("openai/gpt-5-mini", "openai/gpt-4o-mini");
        assertThat(resilience.models(ModelTier.FRONTIER))
                .containsExactly(
                        "anthropic/claude-sonnet-4", "openai/gpt-5", "openai/gpt-5-mini", "openai/gpt-4o-mini");
    }

    @Test
    void every_model_gets_the_default_budget_and_a_model_of_its_own_overrides_what_it_names() throws IOException {
        Path file = propertiesFile("""
                LUCY_MODEL_RPM=500
                LUCY_MODEL_TPM=200_000
                LUCY_MODEL_BUDGETS=openai/gpt-5=60rpm, meta-llama/llama-3.1-8b-instruct:free=20rpm 40000TPM
                LUCY_TOOL_RATE_LIMITS=github=5000/h, zendesk=10/s, crm=600/5m
                """);

        LucyConfig config = ConfigLoader.load(Map.of(), Optional.of(file));
        ResilienceConfig resilience = config.resilienceConfig();

        assertThat(resilience.budget("openai/gpt-4o-mini"))
                .contains(new ResilienceConfig.Budget(
                        Optional.of(RateBudget.Limit.perMinute(500)),
                        Optional.of(RateBudget.Limit.perMinute(200_000))));
        assertThat(resilience.budget("openai/gpt-5"))
                .contains(new ResilienceConfig.Budget(
                        Optional.of(RateBudget.Limit.perMinute(60)), Optional.of(RateBudget.Limit.perMinute(200_000))));
        assertThat(resilience.budget("meta-llama/llama-3.1-8b-instruct:free"))
                .contains(new ResilienceConfig.Budget(
                        Optional.of(RateBudget.Limit.perMinute(20)), Optional.of(RateBudget.Limit.perMinute(40_000))));
        assertThat(config.toolRateLimits())
                .containsExactly(
                        Map.entry("github", new RateLimit(5000, Duration.ofHours(1))),
                        Map.entry("zendesk", new RateLimit(10, Duration.ofSeconds(1))),
                        Map.entry("crm", new RateLimit(600, Duration.ofMinutes(5))));
    }

    @Test
    void model_prices_are_dollars_per_million_input_and_output_tokens_of_each_model_named() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_MODEL_PRICES", "openai/gpt-4o-mini=0.15/0.60, meta-llama/llama-3.1-8b-instruct:free=0/0,x=3/15"));

        assertThat(config.modelPrices())
                .containsExactly(
                        Map.entry("openai/gpt-4o-mini", ModelPrice.of("0.15", "0.60")),
                        Map.entry("meta-llama/llama-3.1-8b-instruct:free", ModelPrice.of("0", "0")),
                        Map.entry("x", ModelPrice.of("3", "15")));
        assertThat(config.modelPrices().get("openai/gpt-4o-mini").cost(2_000_000, 1_000_000))
                .isEqualByComparingTo("0.90");
        assertThat(ConfigLoader.load(Map.of()).modelPrices())
                .as("none unless set")
                .isEmpty();
    }

    @Test
    void without_budget_settings_no_model_has_a_budget() {
        LucyConfig config = ConfigLoader.load(Map.of());

        assertThat(config.resilienceConfig().budget(config.model())).isEmpty();
        assertThat(config.toolRateLimits()).isEmpty();
    }

    @Test
    void a_limit_setting_never_shows_its_value() {
        String token = "xoxb-1234-5678-abcdefghijklmnop";
        for (String key : List.of("LUCY_MODEL_RPM", "LUCY_MODEL_TPM", "LUCY_MODEL_BUDGETS", "LUCY_TOOL_RATE_LIMITS")) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, token)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + ": ")
                    .hasMessageNotContaining("abcdefghijklmnop");
        }
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_MODEL_BUDGETS", "gpt=" + token)))
                .hasMessageNotContaining("abcdefghijklmnop");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_TOOL_RATE_LIMITS", "crm=10/" + token)))
                .hasMessageNotContaining("abcdefghijklmnop");
    }

    @Test
    void slack_credentials_must_fit_the_mode() {
        assertProblem(
                Map.of("SLACK_BOT_TOKEN", BOT),
                "SLACK_APP_TOKEN: is required in socket mode (create an app-level token with connections:write,"
                        + " or set LUCY_SLACK_MODE=http)");
        assertProblem(
                Map.of("SLACK_BOT_TOKEN", BOT, "LUCY_SLACK_MODE", "http"),
                "SLACK_SIGNING_SECRET: is required in http mode (LUCY_SLACK_MODE=http)");
        assertProblem(
                Map.of("SLACK_APP_TOKEN", APP),
                "SLACK_BOT_TOKEN: (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) is required when Slack's other"
                        + " credentials are set");

        LucyConfig http = ConfigLoader.load(
                Map.of("SLACK_BOT_TOKEN", BOT, "LUCY_SLACK_MODE", "HTTP", "SLACK_SIGNING_SECRET", "8f2c0d1e9a"));
        assertThat(http.slackMode()).isEqualTo(SlackMode.HTTP);
        assertThat(http.hasSlackCredentials()).isTrue();
    }

    @Test
    void an_app_installed_only_through_oauth_needs_no_bot_token_but_what_its_mode_needs() {
        Map<String, String> oauth = Map.of(
                "SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "client-secret-1", "LUCY_SLACK_MODE", "http");
        assertProblem(oauth, "SLACK_SIGNING_SECRET: is required in http mode (LUCY_SLACK_MODE=http)");
        assertProblem(
                Map.of("SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "client-secret-1"),
                "SLACK_APP_TOKEN: is required in socket mode (create an app-level token with connections:write,"
                        + " or set LUCY_SLACK_MODE=http)");
        Map<String, String> withSecret = new java.util.HashMap<>(oauth);
        withSecret.put("SLACK_SIGNING_SECRET", "8f2c0d1e9a");
        withSecret.put("LUCY_OPS_PORT", "off");
        assertProblem(
                withSecret,
                "LUCY_OPS_PORT: must not be off without SLACK_BOT_TOKEN: workspaces install Lucy on its HTTP endpoint");

        withSecret.remove("LUCY_OPS_PORT");
        LucyConfig config = ConfigLoader.load(withSecret);
        assertThat(config.slackBotToken()).isEmpty();
        assertThat(config.hasSlackCredentials()).isTrue();
    }

    @Test
    void a_token_of_the_wrong_kind_is_named_without_echoing_it() {
        String userToken = "xoxp-9999-8888-secretvalue";

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SLACK_BOT_TOKEN", userToken, "SLACK_APP_TOKEN", APP)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SLACK_BOT_TOKEN: must be a bot token starting with xoxb-")
                .hasMessageNotContaining("secretvalue");
    }

    @Test
    void to_string_never_shows_a_secret() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "SLACK_BOT_TOKEN", BOT,
                "SLACK_APP_TOKEN", APP,
                "OPENROUTER_API_KEY", KEY,
                "LUCY_DATABASE_URL", "postgres://lucy:pg-password-1@db:5432/lucy"));

        String shown = config.toString();

        assertThat(shown).doesNotContain(BOT, APP, KEY, "pg-password-1");
        assertThat(shown).contains("slack=configured", "databaseUrl=postgres://[redacted]@db:5432/lucy");
        assertThat(config.slackBotToken().toString()).isEqualTo("Optional[[redacted]]");
        assertThat(config.secrets()).hasSize(3);
    }

    @Test
    void settings_lists_every_name_once() {
        List<String> settings = ConfigLoader.settings();

        assertThat(settings).doesNotHaveDuplicates();
        assertThat(settings)
                .contains("SLACK_BOT_TOKEN", "OPENROUTER_API_KEY", "LUCY_DATABASE_URL", "LUCY_MAX_CONCURRENT_RUNS");
    }

    private static void assertProblem(Map<String, String> env, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void file_limits_come_from_their_settings() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_FILES_MAX_BYTES", "25MB",
                "LUCY_FILES_MAX_CHARS", "50000",
                "LUCY_FILES_TYPES", "csv, pdf,TEXT",
                "LUCY_MODEL_VISION", "true"));

        assertThat(config.files().maxBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.files().maxChars()).isEqualTo(50_000);
        assertThat(config.files().allowed())
                .containsExactlyInAnyOrder(
                        dev.lucy.app.files.FileKind.CSV,
                        dev.lucy.app.files.FileKind.PDF,
                        dev.lucy.app.files.FileKind.TEXT);
        assertThat(config.files().vision()).isTrue();
        assertThat(ConfigLoader.load(Map.of()).files()).isEqualTo(dev.lucy.app.files.FilesConfig.defaults());
        assertProblem(
                Map.of("LUCY_FILES_MAX_BYTES", "ten megabytes"),
                "LUCY_FILES_MAX_BYTES: must be a size such as 500KB, 10MB or a number of bytes");
    }

    @Test
    void schedule_limits_come_from_their_settings() {
        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_SCHEDULE_MAX_PER_PERSON", "5",
                "LUCY_SCHEDULE_MAX_PER_WORKSPACE", "50",
                "LUCY_SCHEDULE_MIN_INTERVAL", "1h",
                "LUCY_SCHEDULE_MAX_FAILURES", "4",
                "LUCY_SCHEDULE_LATE_AFTER", "10m"));

        assertThat(config.schedules())
                .isEqualTo(dev.lucy.tools.ScheduleConfig.builder()
                        .maxPerPerson(5)
                        .maxPerWorkspace(50)
                        .minInterval(java.time.Duration.ofHours(1))
                        .maxFailures(4)
                        .lateAfter(java.time.Duration.ofMinutes(10))
                        .build());
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_SCHEDULE_MAX_PER_PERSON", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_SCHEDULE_MAX_PER_PERSON: ");
    }

    @Test
    void routines_are_off_by_default_and_switched_on_by_their_settings() {
        assertThat(ConfigLoader.load(Map.of()).schedules().routines())
                .isEqualTo(dev.lucy.tools.RoutineConfig.defaults());

        LucyConfig config = ConfigLoader.load(Map.of(
                "LUCY_ROUTINE_DIGEST_CHANNEL", "#launch",
                "LUCY_ROUTINE_DIGEST_CRON", "0 9 * * MON",
                "LUCY_ROUTINE_DUE_REMINDERS", "on",
                "LUCY_ROUTINE_DUE_REMINDERS_CRON", "30 8 * * MON-FRI",
                "LUCY_ROUTINE_TIME_ZONE", "Europe/Lisbon"));

        assertThat(config.schedules().routines())
                .isEqualTo(dev.lucy.tools.RoutineConfig.builder()
                        .digestChannel("#launch")
                        .digestCron("0 9 * * MON")
                        .dueReminders(true)
                        .dueRemindersCron("30 8 * * MON-FRI")
                        .zone(java.time.ZoneId.of("Europe/Lisbon"))
                        .build());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            LUCY_ROUTINE_DIGEST_CRON | every monday
            LUCY_ROUTINE_DUE_REMINDERS_CRON | 0 25 * * *
            LUCY_ROUTINE_DUE_REMINDERS | sometimes
            """)
    void a_bad_routine_setting_is_named(String key, String value) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void a_routine_time_zone_must_be_an_iana_zone() {
        assertProblem(
                Map.of("LUCY_ROUTINE_TIME_ZONE", "Lisbon"),
                "LUCY_ROUTINE_TIME_ZONE: must be an IANA time zone such as Europe/Lisbon, got 'Lisbon'");
    }
}

package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.runtime.RuntimeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The duration settings: each has its default, is read as a duration, and a bad value fails naming the setting. */
class DurationSettingsTest {
    private static final String NOT_A_DURATION = ": must be a duration such as 500ms, 30s, 5m, 2h or PT30S";
    private static final String NOT_POSITIVE = ": must be a positive duration";

    enum Setting {
        /** How long a replica holds a conversation without renewing, with several replicas. */
        LUCY_LEASE_TTL(
                config -> config.runtime().leaseTtl(),
                RuntimeConfig.DEFAULT_LEASE_TTL,
                Duration.ofSeconds(30),
                "15s",
                Duration.ofSeconds(15),
                Map.of("30", NOT_A_DURATION, "0s", NOT_POSITIVE)),
        /** How long a run waits, with several replicas, for an older message of its thread to reach a replica. */
        LUCY_ORDER_WINDOW(
                config -> config.runtime().orderWindow(),
                RuntimeConfig.DEFAULT_ORDER_WINDOW,
                Duration.ofMillis(200),
                "500ms",
                Duration.ofMillis(500),
                Map.of("fast", NOT_A_DURATION, "0s", NOT_POSITIVE)),
        /** How old an unanswered message may be for a start to answer it rather than apologise. */
        LUCY_RESUME_WITHIN(
                config -> config.runtime().resumeWithin(),
                RuntimeConfig.DEFAULT_RESUME_WITHIN,
                Duration.ofMinutes(5),
                "15m",
                Duration.ofMinutes(15),
                Map.of("300", NOT_A_DURATION)),
        /** How long a streamed answer may take to begin before the next model is asked. */
        LUCY_MODEL_FIRST_TOKEN_TIMEOUT(
                LucyConfig::modelFirstTokenTimeout,
                Duration.ofSeconds(20),
                Duration.ofSeconds(20),
                "5s",
                Duration.ofSeconds(5),
                Map.of("20", NOT_A_DURATION, "0s", NOT_POSITIVE));

        final Function<LucyConfig, Duration> read;
        final Duration defaultConstant;
        final Duration byDefault;
        final String written;
        final Duration readAs;
        final Map<String, String> refused;

        Setting(
                Function<LucyConfig, Duration> read,
                Duration defaultConstant,
                Duration byDefault,
                String written,
                Duration readAs,
                Map<String, String> refused) {
            this.read = read;
            this.defaultConstant = defaultConstant;
            this.byDefault = byDefault;
            this.written = written;
            this.readAs = readAs;
            this.refused = refused;
        }
    }

    @ParameterizedTest
    @EnumSource
    void has_its_default_when_unset(Setting setting) {
        assertThat(setting.read.apply(ConfigLoader.load(Map.of())))
                .isEqualTo(setting.defaultConstant)
                .isEqualTo(setting.byDefault);
    }

    @ParameterizedTest
    @EnumSource
    void is_readAs_a_duration(Setting setting) {
        assertThat(setting.read.apply(ConfigLoader.load(Map.of(setting.name(), setting.written))))
                .isEqualTo(setting.readAs);
    }

    @ParameterizedTest
    @EnumSource
    void a_bare_number_or_a_value_it_refuses_fails_with_the_settings_name(Setting setting) {
        setting.refused.forEach((value, problem) -> assertThatThrownBy(
                        () -> ConfigLoader.load(Map.of(setting.name(), value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(setting.name() + problem));
    }

    @Test
    void the_first_token_timeout_reaches_the_model_client_well_under_the_model_timeout() {
        LucyConfig byDefault = ConfigLoader.load(Map.of());
        assertThat(byDefault.modelClientConfig().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(byDefault.modelTimeout()).isEqualTo(Duration.ofSeconds(120));

        LucyConfig set = ConfigLoader.load(Map.of("LUCY_MODEL_FIRST_TOKEN_TIMEOUT", "5s"));
        assertThat(set.modelClientConfig().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.toString()).contains("modelFirstTokenTimeout=PT5S");
    }
}

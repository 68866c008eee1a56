package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code LUCY_MODEL_FIRST_TOKEN_TIMEOUT}: how long a streamed answer may take to begin before the next model. */
class FirstTokenTimeoutConfigTest {

    @Test
    void defaults_to_twenty_seconds_well_under_the_model_timeout() {
        LucyConfig config = ConfigLoader.load(Map.of());

        assertThat(config.modelFirstTokenTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.modelClientConfig().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.modelTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void is_read_from_the_environment_and_reaches_the_model_client() {
        LucyConfig config = ConfigLoader.load(Map.of("LUCY_MODEL_FIRST_TOKEN_TIMEOUT", "5s"));

        assertThat(config.modelFirstTokenTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.modelClientConfig().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.toString()).contains("modelFirstTokenTimeout=PT5S");
    }

    @Test
    void a_bad_value_fails_naming_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_MODEL_FIRST_TOKEN_TIMEOUT", "20")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LUCY_MODEL_FIRST_TOKEN_TIMEOUT: must be a duration such as 500ms, 30s, 5m, 2h or PT30S");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_MODEL_FIRST_TOKEN_TIMEOUT", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_MODEL_FIRST_TOKEN_TIMEOUT: must be a positive duration");
    }
}

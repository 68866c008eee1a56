package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.runtime.RuntimeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LUCY_LEASE_TTL: how long a replica holds a conversation without renewing, with several replicas. */
class LeaseTtlSettingTest {

    @Test
    void a_conversation_lease_lasts_thirty_seconds_unless_renewed_by_default() {
        assertThat(ConfigLoader.load(Map.of()).runtime().leaseTtl())
                .isEqualTo(RuntimeConfig.DEFAULT_LEASE_TTL)
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void the_time_to_live_is_read_as_a_duration() {
        assertThat(ConfigLoader.load(Map.of("LUCY_LEASE_TTL", "15s")).runtime().leaseTtl())
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void a_bare_number_or_zero_is_refused_with_the_settings_name() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_LEASE_TTL", "30")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_LEASE_TTL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_LEASE_TTL", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_LEASE_TTL");
    }
}

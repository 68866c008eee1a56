package dev.lucy.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.runtime.RuntimeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LUCY_RESUME_WITHIN: how old an unanswered message may be for a start to answer it rather than apologise. */
class ResumeWithinSettingTest {

    @Test
    void unanswered_messages_up_to_five_minutes_old_are_answered_after_a_restart_by_default() {
        assertThat(ConfigLoader.load(Map.of()).runtime().resumeWithin())
                .isEqualTo(RuntimeConfig.DEFAULT_RESUME_WITHIN)
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void the_age_is_read_as_a_duration() {
        assertThat(ConfigLoader.load(Map.of("LUCY_RESUME_WITHIN", "15m"))
                        .runtime()
                        .resumeWithin())
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void a_bare_number_is_refused_with_the_settings_name() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("LUCY_RESUME_WITHIN", "300")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LUCY_RESUME_WITHIN");
    }
}

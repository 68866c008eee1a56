package dev.lucy.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    @Test
    void a_range_across_midnight_holds_its_start_and_not_its_end() {
        QuietHours night = QuietHours.parse("22:00-07:00 Europe/Paris");
        assertThat(night.toString()).isEqualTo("22:00-07:00 Europe/Paris");
        assertThat(night.contains(Instant.parse("2026-06-01T20:00:00Z"))).isTrue(); // 22:00 in Paris (summer)
        assertThat(night.contains(Instant.parse("2026-06-01T04:59:00Z"))).isTrue(); // 06:59
        assertThat(night.contains(Instant.parse("2026-06-01T05:00:00Z"))).isFalse(); // 07:00
        assertThat(night.contains(Instant.parse("2026-06-01T12:00:00Z"))).isFalse();
    }

    @Test
    void a_range_within_a_day_and_short_times_read_too() {
        QuietHours lunch = QuietHours.parse("12-13:30 UTC");
        assertThat(lunch.toString()).isEqualTo("12:00-13:30 UTC");
        assertThat(lunch.contains(Instant.parse("2026-06-01T12:00:00Z"))).isTrue();
        assertThat(lunch.contains(Instant.parse("2026-06-01T13:30:00Z"))).isFalse();
        assertThat(lunch.contains(Instant.parse("2026-06-01T11:59:00Z"))).isFalse();
    }

    @Test
    void what_does_not_read_is_refused_with_a_sentence() {
        assertThatThrownBy(() -> QuietHours.parse("22:00 Europe/Paris")).hasMessageContaining("is not a time range");
        assertThatThrownBy(() -> QuietHours.parse("09:00-09:00 UTC"))
                .hasMessage("Quiet hours must start and end at" + " different times.");
        assertThatThrownBy(() -> QuietHours.parse("9am-5pm UTC")).hasMessageContaining("\"9am\" is not a time of day");
    }
}

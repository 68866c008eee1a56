package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void starts_at_the_documented_instant_in_utc_and_stays_there() {
        ManualClock clock = ManualClock.create();

        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.millis()).isEqualTo(ManualClock.DEFAULT_START.toEpochMilli());
    }

    @Test
    void moves_only_when_advanced_or_set() {
        ManualClock clock = ManualClock.startingAt(START);

        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));

        clock.set(START.minusSeconds(60));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void refuses_to_advance_backwards() {
        ManualClock clock = ManualClock.startingAt(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void a_sleep_returns_at_once_moves_the_clock_and_is_recorded() {
        ManualClock clock = ManualClock.startingAt(START);

        clock.sleep(Duration.ofSeconds(2));
        clock.sleep(Duration.ofMillis(500));

        assertThat(clock.instant()).isEqualTo(START.plusMillis(2_500));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(500));
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void a_zero_or_negative_sleep_is_neither_recorded_nor_moves_the_clock() {
        ManualClock clock = ManualClock.startingAt(START);

        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-3));

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.slept()).isZero();
    }

    @Test
    void a_view_in_another_zone_shares_time_and_sleeps() {
        ManualClock clock = ManualClock.startingAt(START);
        ZoneId paris = ZoneId.of("Europe/Paris");

        ManualClock inParis = clock.withZone(paris);
        inParis.sleep(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));

        assertThat(inParis.getZone()).isEqualTo(paris);
        assertThat(inParis.instant()).isEqualTo(clock.instant()).isEqualTo(START.plusSeconds(120));
        assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(1));
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    }

    @Test
    void sleeps_from_many_threads_all_count() throws InterruptedException {
        ManualClock clock = ManualClock.startingAt(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100; i++) {
                    clock.sleep(Duration.ofSeconds(1));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.sleeps()).hasSize(800);
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(800));
    }
}

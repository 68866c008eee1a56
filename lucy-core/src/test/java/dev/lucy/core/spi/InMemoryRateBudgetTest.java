package dev.lucy.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryRateBudgetTest {
    private final MovableClock clock = new MovableClock();
    private final RateBudget budget = RateBudget.inMemory(clock);
    private final RateBudget.Limit sixtyPerMinute = RateBudget.Limit.perMinute(60);

    @Test
    void a_full_bucket_lets_a_burst_through_then_reservations_queue_one_refill_apart() {
        for (int i = 0; i < 60; i++) {
            assertThat(budget.reserve("m", sixtyPerMinute, 1, Duration.ofMinutes(1)))
                    .contains(Duration.ZERO);
        }

        assertThat(budget.reserve("m", sixtyPerMinute, 1, Duration.ofMinutes(1)))
                .contains(Duration.ofSeconds(1));
        assertThat(budget.reserve("m", sixtyPerMinute, 1, Duration.ofMinutes(1)))
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void refuses_without_reserving_when_the_wait_would_exceed_the_limit() {
        budget.reserve("m", sixtyPerMinute, 60, Duration.ZERO);

        assertThat(budget.reserve("m", sixtyPerMinute, 10, Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(budget.reserve("m", sixtyPerMinute, 5, Duration.ofSeconds(5)))
                .contains(Duration.ofSeconds(5));
    }

    @Test
    void refills_as_the_clock_moves_and_keys_are_separate() {
        budget.reserve("m", sixtyPerMinute, 60, Duration.ZERO);
        assertThat(budget.reserve("other", sixtyPerMinute, 60, Duration.ZERO)).contains(Duration.ZERO);

        clock.advance(Duration.ofSeconds(30));

        assertThat(budget.reserve("m", sixtyPerMinute, 30, Duration.ZERO)).contains(Duration.ZERO);
    }

    @Test
    void adjusting_gives_back_or_spends_more() {
        budget.reserve("m", sixtyPerMinute, 60, Duration.ZERO);
        budget.adjust("m", sixtyPerMinute, 20);
        assertThat(budget.reserve("m", sixtyPerMinute, 20, Duration.ZERO)).contains(Duration.ZERO);

        budget.adjust("m", sixtyPerMinute, -60);
        assertThat(budget.reserve("m", sixtyPerMinute, 1, Duration.ofMinutes(5)))
                .contains(Duration.ofSeconds(61));
    }

    @Test
    void an_amount_larger_than_the_whole_limit_still_goes_once_the_bucket_is_full() {
        assertThat(budget.reserve("m", sixtyPerMinute, 500, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(budget.reserve("m", sixtyPerMinute, 1, Duration.ofMinutes(1)))
                .isEmpty();
    }

    @Test
    void a_limit_faster_than_one_per_nanosecond_is_refused_when_configured_not_when_used() {
        assertThatThrownBy(() -> RateBudget.Limit.perMinute(1_000_000_000_000L)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new RateBudget.Limit(0, Duration.ofMinutes(1))).hasMessageContaining("limit");
        assertThat(RateBudget.Limit.perMinute(1_000_000_000L).amount()).isEqualTo(1_000_000_000L);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

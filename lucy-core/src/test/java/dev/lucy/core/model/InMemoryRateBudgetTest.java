package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What only the limit's own checks need. How the in-memory budget reserves, refills and adjusts is checked by
 * {@code RateBudgetContract} in lucy-testkit, which every budget store passes.
 */
class InMemoryRateBudgetTest {

    @Test
    void a_limit_faster_than_one_per_nanosecond_is_refused_when_configured_not_when_used() {
        assertThatThrownBy(() -> RateBudget.Limit.perMinute(1_000_000_000_000L)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new RateBudget.Limit(0, Duration.ofMinutes(1))).hasMessageContaining("limit");
        assertThat(RateBudget.Limit.perMinute(1_000_000_000L).amount()).isEqualTo(1_000_000_000L);
    }
}

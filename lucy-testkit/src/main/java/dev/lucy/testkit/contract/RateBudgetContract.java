package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateBudget} must do, in memory or shared in a database: extend this class and build the
 * implementation on the clock given. Each test uses its own keys.
 */
public abstract class RateBudgetContract {
    private static final RateBudget.Limit SIXTY_PER_MINUTE = RateBudget.Limit.perMinute(60);

    /** The time the budgets see; tests move it with {@link #advance}. */
    protected final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));

    private RateBudget budget;

    /** A fresh budget store reading time from {@code clock}. */
    protected abstract RateBudget create(Clock clock);

    @BeforeEach
    void createBudget() {
        budget = create(clock);
    }

    /** Moves {@link #clock} on. */
    protected void advance(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void a_full_budget_lets_a_burst_through_then_queues_reservations_one_refill_apart() {
        for (int i = 0; i < 60; i++) {
            assertThat(budget.reserve("burst", SIXTY_PER_MINUTE, 1, Duration.ofMinutes(1)))
                    .contains(Duration.ZERO);
        }

        assertThat(budget.reserve("burst", SIXTY_PER_MINUTE, 1, Duration.ofMinutes(1)))
                .contains(Duration.ofSeconds(1));
        assertThat(budget.reserve("burst", SIXTY_PER_MINUTE, 1, Duration.ofMinutes(1)))
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void a_wait_beyond_the_limit_is_refused_and_reserves_nothing() {
        budget.reserve("refuse", SIXTY_PER_MINUTE, 60, Duration.ZERO);

        assertThat(budget.reserve("refuse", SIXTY_PER_MINUTE, 30, Duration.ofSeconds(10)))
                .isEmpty();
        assertThat(budget.reserve("refuse", SIXTY_PER_MINUTE, 10, Duration.ofSeconds(10)))
                .contains(Duration.ofSeconds(10));
    }

    @Test
    void the_budget_refills_with_time_and_keys_do_not_share() {
        budget.reserve("a", SIXTY_PER_MINUTE, 60, Duration.ZERO);
        assertThat(budget.reserve("b", SIXTY_PER_MINUTE, 60, Duration.ZERO)).contains(Duration.ZERO);

        advance(Duration.ofSeconds(30));

        assertThat(budget.reserve("a", SIXTY_PER_MINUTE, 30, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(budget.reserve("a", SIXTY_PER_MINUTE, 1, Duration.ZERO)).isEmpty();
    }

    @Test
    void spending_or_giving_back_under_one_key_never_changes_another_keys_budget() {
        budget.reserve("team-a", SIXTY_PER_MINUTE, 60, Duration.ZERO);
        budget.reserve("team-b", SIXTY_PER_MINUTE, 1, Duration.ZERO);
        assertThat(budget.reserve("team-a", SIXTY_PER_MINUTE, 1, Duration.ZERO))
                .as("team-b's reservation leaves team-a empty")
                .isEmpty();

        budget.adjust("team-b", SIXTY_PER_MINUTE, 1);
        assertThat(budget.reserve("team-a", SIXTY_PER_MINUTE, 1, Duration.ZERO))
                .as("team-b's refund goes to team-b only")
                .isEmpty();

        budget.adjust("team-a", SIXTY_PER_MINUTE, -60);
        assertThat(budget.reserve("team-b", SIXTY_PER_MINUTE, 60, Duration.ZERO))
                .as("team-a's overdraft costs team-b nothing")
                .contains(Duration.ZERO);
    }

    @Test
    void adjusting_gives_unused_budget_back_or_spends_more() {
        budget.reserve("adjust", SIXTY_PER_MINUTE, 60, Duration.ZERO);
        budget.adjust("adjust", SIXTY_PER_MINUTE, 20);
        assertThat(budget.reserve("adjust", SIXTY_PER_MINUTE, 20, Duration.ZERO))
                .contains(Duration.ZERO);

        budget.adjust("adjust", SIXTY_PER_MINUTE, -60);
        assertThat(budget.reserve("adjust", SIXTY_PER_MINUTE, 1, Duration.ofMinutes(5)))
                .contains(Duration.ofSeconds(61));
    }

    @Test
    void an_amount_beyond_the_whole_limit_goes_once_the_budget_is_full() {
        assertThat(budget.reserve("huge", SIXTY_PER_MINUTE, 500, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(budget.reserve("huge", SIXTY_PER_MINUTE, 1, Duration.ofMinutes(1)))
                .isEmpty();
    }

    @Test
    void concurrent_callers_never_get_more_than_the_budget_holds() throws Exception {
        List<Future<Optional<Duration>>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                results.add(threads.submit(() -> budget.reserve("race", SIXTY_PER_MINUTE, 1, Duration.ZERO)));
            }
        }

        int granted = 0;
        for (Future<Optional<Duration>> r : results) {
            granted += r.get().isPresent() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(60);
    }
}

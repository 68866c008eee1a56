package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.RateBudget;
import dev.lucy.testkit.contract.RateBudgetContract;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate budgets in a real PostgreSQL against the contract every budget store meets, and shared by two "replicas"
 * (two connection pools on one database).
 */
class PostgresRateBudgetTest extends RateBudgetContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected RateBudget create(Clock clock) {
        return JdbcRateBudget.open(databases.fresh(), clock);
    }

    @AfterEach
    void close() {
        databases.closeAll();
    }

    @Test
    void two_replicas_together_never_get_more_than_one_budget_holds() throws Exception {
        RateBudget first = create(clock);
        RateBudget second = JdbcRateBudget.open(databases.again(), clock);
        RateBudget.Limit tenPerMinute = RateBudget.Limit.perMinute(10);

        List<Future<Optional<Duration>>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                RateBudget replica = i % 2 == 0 ? first : second;
                results.add(threads.submit(() -> replica.reserve("shared", tenPerMinute, 1, Duration.ZERO)));
            }
        }
        int granted = 0;
        for (Future<Optional<Duration>> r : results) {
            granted += r.get().isPresent() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(10);

        advance(Duration.ofSeconds(30));
        assertThat(second.reserve("shared", tenPerMinute, 5, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(first.reserve("shared", tenPerMinute, 1, Duration.ofSeconds(6)))
                .contains(Duration.ofSeconds(6));
    }
}

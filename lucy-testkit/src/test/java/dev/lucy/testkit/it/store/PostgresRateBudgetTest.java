package dev.lucy.testkit.it.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.core.model.RateBudget;
import dev.lucy.store.JdbcRateBudget;
import dev.lucy.testkit.it.core.RateBudgetContract;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate budgets in a real PostgreSQL against the contract every budget store meets, and shared by two "replicas"
 * (two connection pools on one database).
 */
class PostgresRateBudgetTest extends RateBudgetContract {
    private static EmbeddedPostgres postgres;

    private final TestDatabases databases = new TestDatabases();

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected RateBudget create(ManualClock clock) {
        return JdbcRateBudget.open(databases.fresh(postgres.createDatabase()), clock);
    }

    @AfterEach
    void close() {
        databases.closeAll();
    }

    @Test
    void two_replicas_together_never_get_more_than_one_budget_holds() throws Exception {
        RateBudget first = create(time);
        RateBudget second = JdbcRateBudget.open(databases.again(), time);
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

        time.advance(Duration.ofSeconds(30));
        assertThat(second.reserve("shared", tenPerMinute, 5, Duration.ZERO)).contains(Duration.ZERO);
        assertThat(first.reserve("shared", tenPerMinute, 1, Duration.ofSeconds(6)))
                .contains(Duration.ofSeconds(6));
    }
}

package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackBudgets.Priority;
import dev.lucy.core.ManualClock;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.JdbcRateBudget;
import dev.lucy.testkit.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of one Slack app on one PostgreSQL count their calls against the same per-method buckets, as Slack
 * counts them: what one replica spends, the other no longer has.
 */
class SharedSlackBudgetsTest {
    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));
    private Database databaseA;
    private Database databaseB;
    private SlackBudgets replicaA;
    private SlackBudgets replicaB;

    @BeforeEach
    void replicas() {
        String url = databases.fresh().jdbcUrl();
        databaseA = Database.open(DatabaseConfig.builder(url).build());
        databaseB = Database.open(DatabaseConfig.builder(url).build());
        replicaA = budgets(databaseA);
        replicaB = budgets(databaseB);
    }

    private SlackBudgets budgets(Database database) {
        return new SlackBudgets(
                Map.of("chat.update", 10),
                clock,
                SlackCallObserver.ignoring(),
                Optional.of(JdbcRateBudget.open(database, clock)));
    }

    @AfterEach
    void close() {
        databaseA.close();
        databaseB.close();
    }

    @Test
    void what_one_replica_spends_on_progress_the_other_no_longer_has() {
        int progress = 0;
        for (int i = 0; i < 10; i++) {
            progress += replicaA.admit("", "chat.update", Priority.PROGRESS) ? 1 : 0;
        }
        assertThat(progress)
                .as("progress keeps 40% of the bucket for signs and answers")
                .isEqualTo(6);

        assertThat(replicaB.admit("", "chat.update", Priority.PROGRESS))
                .as("the other replica's progress edit finds the shared bucket down to its reserve")
                .isFalse();
        assertThat(replicaB.admit("", "chat.update", Priority.SIGN)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(replicaB.admit("", "chat.update", Priority.ANSWER)).isTrue();
        }
        assertThat(replicaA.admit("", "chat.update", Priority.SIGN))
                .as("the other replica's answers went into debt")
                .isFalse();
        assertThat(replicaB.leftOut()).containsEntry("chat.update progress", 1L);

        clock.advance(Duration.ofMinutes(3));
        assertThat(replicaA.admit("", "chat.update", Priority.COSMETIC)).isTrue();
    }

    @Test
    void a_429_one_replica_saw_holds_the_other_replicas_lesser_calls_until_retry_after() {
        replicaA.limited("", "chat.update", Duration.ofSeconds(30));
        assertThat(replicaB.admit("", "chat.update", Priority.SIGN)).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(replicaB.admit("", "chat.update", Priority.SIGN)).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(replicaB.admit("", "chat.update", Priority.SIGN)).isTrue();
    }
}

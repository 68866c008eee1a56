package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.contract.ScheduleStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JdbcScheduleStore} against the schedule store contract, on SQLite files and on embedded PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class ScheduleStoresTest extends ScheduleStoreContract {
    @RegisterExtension
    final OpenDatabases databases;

    ScheduleStoresTest(Dialect dialect) {
        databases = OpenDatabases.of(dialect);
    }

    @Override
    protected ScheduleStore openStore() {
        return JdbcScheduleStore.open(databases.fresh(), "replica-a");
    }

    @Test
    void another_process_claims_nothing_a_first_one_claimed() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);
        ScheduleStore replica = JdbcScheduleStore.open(databases.again(), "replica-b");
        Schedule claimed = schedule.withNextRun(
                schedule.timing().nextAfter(schedule.nextRunAt().orElseThrow()));

        assertThat(store.replace(schedule, claimed)).isPresent();
        assertThat(replica.replace(schedule, claimed)).isEmpty();
        assertThat(replica.find("s1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void a_claim_left_open_by_a_silent_replica_is_taken_over_once_and_a_live_ones_is_not() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);
        Instant due = schedule.nextRunAt().orElseThrow();
        store.claim(schedule, schedule.withNextRun(schedule.timing().nextAfter(due)), due);
        Database second = databases.again();
        ScheduleStore replicaB = JdbcScheduleStore.open(second, "replica-b");
        Instant now = due.plusSeconds(60);
        JdbcReplicas.open(second, "replica-a", java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
                .beat();

        assertThat(replicaB.takeOver(Duration.ofSeconds(30), now))
                .as("replica-a is alive")
                .isEmpty();

        Instant later = now.plusSeconds(60);
        List<ScheduleStore.Claim> taken = replicaB.takeOver(Duration.ofSeconds(30), later);
        assertThat(taken).singleElement().satisfies(claim -> {
            assertThat(claim.schedule().id()).isEqualTo("s1");
            assertThat(claim.due()).isEqualTo(due);
        });
        assertThat(store.takeOver(Duration.ofSeconds(30), later))
                .as("replica-b never beat either, so replica-a takes it back")
                .hasSize(1);
        store.started("s1", due);
        assertThat(replicaB.takeOver(Duration.ofSeconds(30), later)).isEmpty();
    }
}

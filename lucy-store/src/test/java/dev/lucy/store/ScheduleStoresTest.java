package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.contract.ScheduleStoreContract;
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
        return JdbcScheduleStore.open(databases.fresh());
    }

    @Test
    void another_process_claims_nothing_a_first_one_claimed() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);
        ScheduleStore replica = JdbcScheduleStore.open(databases.again());
        Schedule claimed = schedule.withNextRun(
                schedule.timing().nextAfter(schedule.nextRunAt().orElseThrow()));

        assertThat(store.replace(schedule, claimed)).isPresent();
        assertThat(replica.replace(schedule, claimed)).isEmpty();
        assertThat(replica.find("s1").orElseThrow().version()).isEqualTo(1);
    }
}

package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.ScheduleTiming;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleStore} must do. Extend it and open a fresh, empty store. */
public abstract class ScheduleStoreContract extends StoreContract<ScheduleStore> {
    protected static final Instant NOW = Instant.parse("2026-04-03T09:00:00Z");
    protected static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    protected static Schedule weekdays(String id, String workspace, Instant createdAt) {
        return Schedule.create(
                id,
                workspace,
                "U-ana",
                "C-launch:1.0",
                "post the open tasks of Launch",
                ScheduleTiming.cron("0 9 * * MON-FRI", LISBON),
                Schedule.MissedRuns.RUN_LATEST,
                createdAt);
    }

    /** A one-off schedule due a minute after {@link #NOW}. */
    private static Schedule deployCheckInAMinute(String id) {
        return Schedule.create(
                id,
                "T1",
                "U-ana",
                "C-launch:1.0",
                "check the deploy",
                ScheduleTiming.once(NOW.plusSeconds(60), LISBON),
                Schedule.MissedRuns.RUN_LATEST,
                NOW);
    }

    @Test
    void a_created_schedule_is_found_as_it_was_stored() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        Schedule once = Schedule.create(
                "s2",
                "T1",
                "U-bo",
                "D-bo:2.0",
                "remind me to send the report",
                ScheduleTiming.once(NOW.plus(Duration.ofHours(2)), ZoneId.of("America/New_York")),
                Schedule.MissedRuns.SKIP,
                NOW);

        store.create(schedule);
        store.create(once);

        assertThat(store.find("s1")).contains(schedule);
        assertThat(store.find("s2")).contains(once);
        assertThat(store.find("s3")).isEmpty();
    }

    @Test
    void schedules_are_listed_per_workspace_oldest_first() {
        store.create(weekdays("b", "T1", NOW.plusSeconds(1)));
        store.create(weekdays("a", "T1", NOW.plusSeconds(2)));
        store.create(weekdays("c", "T2", NOW));

        assertThat(store.list("T1")).extracting(Schedule::id).containsExactly("b", "a");
        assertThat(store.all()).extracting(Schedule::id).containsExactly("c", "b", "a");
    }

    @Test
    void only_active_schedules_whose_time_came_are_due_earliest_first() {
        Schedule monday = weekdays("monday", "T1", NOW); // next: Monday 08:00 UTC
        Schedule soon = deployCheckInAMinute("soon");
        Schedule paused = weekdays("paused", "T1", NOW).withState(Schedule.State.PAUSED);
        store.create(monday);
        store.create(soon);
        store.create(paused);

        assertThat(store.due(NOW, 10)).isEmpty();
        assertThat(store.due(NOW.plusSeconds(60), 10)).extracting(Schedule::id).containsExactly("soon");
        Instant later = Instant.parse("2026-04-06T08:00:00Z");
        assertThat(store.due(later, 10)).extracting(Schedule::id).containsExactly("soon", "monday");
        assertThat(store.due(later, 1)).extracting(Schedule::id).containsExactly("soon");
    }

    @Test
    void the_earliest_next_time_is_that_of_an_active_schedule() {
        assertThat(store.earliest()).isEmpty();
        Schedule monday = weekdays("monday", "T1", NOW);
        Schedule soon = weekdays("soon", "T1", NOW)
                .withPlan(
                        "check the deploy",
                        ScheduleTiming.once(NOW.plusSeconds(60), LISBON),
                        Schedule.MissedRuns.SKIP,
                        NOW)
                .withState(Schedule.State.PAUSED);
        store.create(monday);
        store.create(soon);

        assertThat(store.earliest()).isEqualTo(monday.nextRunAt());
    }

    @Test
    void a_change_applies_only_from_the_version_it_was_read_at() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);

        Optional<Schedule> paused = store.replace(schedule, schedule.withState(Schedule.State.PAUSED));
        Optional<Schedule> stale = store.replace(schedule, schedule.withFailures(2));

        assertThat(paused).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(Schedule.State.PAUSED);
            assertThat(s.version()).isEqualTo(1);
        });
        assertThat(stale).isEmpty();
        assertThat(store.find("s1")).isEqualTo(paused);
    }

    @Test
    void a_one_off_schedule_without_a_next_time_is_stored_as_done() {
        Schedule once = deployCheckInAMinute("s1");
        store.create(once);

        Optional<Schedule> ran = store.replace(once, once.withNextRun(Optional.empty()));

        assertThat(ran).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(Schedule.State.DONE);
            assertThat(s.nextRunAt()).isEmpty();
        });
        assertThat(store.due(NOW.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void of_many_claims_of_one_time_exactly_one_wins() throws Exception {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);
        Schedule claimed = schedule.withNextRun(
                schedule.timing().nextAfter(schedule.nextRunAt().orElseThrow()));
        assertThat(winners(8, () -> store.replace(schedule, claimed))).isEqualTo(1);
        assertThat(store.find("s1").orElseThrow().nextRunAt()).isEqualTo(claimed.nextRunAt());
    }

    @Test
    void claims_made_together_win_the_schedules_nobody_changed_first() {
        Schedule a = weekdays("a", "T1", NOW);
        Schedule b = weekdays("b", "T1", NOW);
        store.create(a);
        store.create(b);
        store.replace(b, b.withState(Schedule.State.PAUSED)); // b changed since it was read
        Instant due = a.nextRunAt().orElseThrow();

        List<Schedule> won = store.claimAll(List.of(
                new ScheduleStore.Move(a, a.withNextRun(a.timing().nextAfter(due)), due),
                new ScheduleStore.Move(b, b.withNextRun(b.timing().nextAfter(due)), due)));

        assertThat(won).extracting(Schedule::id).containsExactly("a");
        assertThat(won.getFirst()).isEqualTo(store.find("a").orElseThrow());
        assertThat(store.find("b").orElseThrow().state()).isEqualTo(Schedule.State.PAUSED);
    }

    @Test
    void a_deleted_schedule_is_gone_and_cannot_be_changed() {
        Schedule schedule = weekdays("s1", "T1", NOW);
        store.create(schedule);

        assertThat(store.delete("s1")).isTrue();
        assertThat(store.delete("s1")).isFalse();
        assertThat(store.find("s1")).isEmpty();
        assertThat(store.replace(schedule, schedule.withState(Schedule.State.PAUSED)))
                .isEmpty();
    }
}

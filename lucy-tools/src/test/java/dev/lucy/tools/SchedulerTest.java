package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    /** Friday 3 April 2026, 10:00 in Lisbon. */
    private static final Instant FRIDAY = Instant.parse("2026-04-03T09:00:00Z");

    private final ManualClock clock = ManualClock.startingAt(FRIDAY);
    private final ScheduleStore store = ScheduleStore.inMemory();
    private final Recording runner = new Recording();
    private final Scheduler scheduler =
            Scheduler.builder(store, runner).clock(clock).sleeper(clock).build();

    @Test
    void a_recurring_schedule_fires_each_time_once() {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));

        clock.set(Instant.parse("2026-04-04T08:00:00Z")); // Saturday 09:00 Lisbon
        assertThat(scheduler.check()).isEqualTo(1);
        assertThat(scheduler.check()).isZero();
        clock.set(Instant.parse("2026-04-05T08:00:30Z"));
        assertThat(scheduler.check()).isEqualTo(1);

        assertThat(runner.fired)
                .extracting(ScheduleRunner.Firing::due)
                .containsExactly(Instant.parse("2026-04-04T08:00:00Z"), Instant.parse("2026-04-05T08:00:00Z"));
        assertThat(runner.fired).noneMatch(ScheduleRunner.Firing::late);
        assertThat(store.find("s1").orElseThrow().nextRunAt()).contains(Instant.parse("2026-04-06T08:00:00Z"));
    }

    @Test
    void a_one_off_schedule_fires_once_and_is_done() {
        store.create(Schedule.create(
                "s1",
                "T1",
                "U-ana",
                "C1:1.0",
                "check whether the deploy finished",
                ScheduleTiming.once(FRIDAY.plus(Duration.ofHours(2)), LISBON),
                Schedule.MissedRuns.RUN_LATEST,
                FRIDAY));

        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.check()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.check()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(scheduler.check()).isZero();

        assertThat(store.find("s1").orElseThrow().state()).isEqualTo(Schedule.State.DONE);
    }

    @Test
    void after_downtime_only_the_latest_missed_time_runs_late_saying_how_many_were_skipped() {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));

        clock.set(Instant.parse("2026-04-06T12:00:00Z")); // Saturday, Sunday and Monday 09:00 passed while down
        assertThat(scheduler.check()).isEqualTo(1);

        ScheduleRunner.Firing firing = runner.fired.getFirst();
        assertThat(firing.due()).isEqualTo(Instant.parse("2026-04-06T08:00:00Z"));
        assertThat(firing.late()).isTrue();
        assertThat(firing.skipped()).isEqualTo(2);
        assertThat(ScheduleNotices.runHeader(firing))
                .contains("Late: this was due Mon 6 Apr 2026 09:00 Lisbon time")
                .contains("2 earlier times were skipped");
        assertThat(store.find("s1").orElseThrow().nextRunAt()).contains(Instant.parse("2026-04-07T08:00:00Z"));
    }

    @Test
    void after_downtime_a_skipping_schedule_waits_for_its_next_time() {
        store.create(daily("s1", Schedule.MissedRuns.SKIP));

        clock.set(Instant.parse("2026-04-06T12:00:00Z"));
        assertThat(scheduler.check()).isZero();

        assertThat(runner.fired).isEmpty();
        assertThat(store.find("s1").orElseThrow().nextRunAt()).contains(Instant.parse("2026-04-07T08:00:00Z"));
    }

    @Test
    void a_schedule_failing_three_times_in_a_row_pauses_and_says_so() {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));

        scheduler.finished("s1", false);
        scheduler.finished("s1", true); // a success in between starts the count again
        scheduler.finished("s1", false);
        scheduler.finished("s1", false);
        assertThat(store.find("s1").orElseThrow().state()).isEqualTo(Schedule.State.ACTIVE);
        scheduler.finished("s1", false);

        Schedule paused = store.find("s1").orElseThrow();
        assertThat(paused.state()).isEqualTo(Schedule.State.PAUSED);
        assertThat(paused.failures()).isEqualTo(3);
        assertThat(runner.told)
                .containsExactly("I paused this schedule: its last 3 runs failed. Ask me to resume it"
                        + " once the problem is fixed.");
        clock.set(Instant.parse("2026-04-04T08:00:00Z"));
        assertThat(scheduler.check()).isZero();
    }

    @Test
    void a_schedule_whose_creator_lost_access_pauses_and_says_why() {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));
        runner.noAccess = true;

        clock.set(Instant.parse("2026-04-04T08:00:00Z"));
        scheduler.check();

        assertThat(store.find("s1").orElseThrow().state()).isEqualTo(Schedule.State.PAUSED);
        assertThat(runner.told).singleElement().asString().contains("the person who made it left the workspace");
    }

    @Test
    void schedulers_of_several_processes_fire_each_time_once_between_them() throws Exception {
        for (int i = 0; i < 50; i++) {
            store.create(daily("s" + i, Schedule.MissedRuns.RUN_LATEST));
        }
        Scheduler other =
                Scheduler.builder(store, runner).clock(clock).sleeper(clock).build();
        clock.set(Instant.parse("2026-04-04T08:00:00Z"));

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> checks = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Scheduler s : List.of(scheduler, other, scheduler, other)) {
                checks.add(pool.submit(() -> {
                    go.await();
                    return s.check();
                }));
            }
            go.countDown();
            int claimed = 0;
            for (Future<Integer> check : checks) {
                claimed += check.get();
            }
            assertThat(claimed).isEqualTo(50);
        }
        assertThat(runner.fired)
                .extracting(f -> f.schedule().id())
                .doesNotHaveDuplicates()
                .hasSize(50);
    }

    @Test
    void a_schedule_whose_channel_is_out_of_reach_pauses_tells_its_creator_once_and_is_counted() {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));
        runner.channelLost = true;

        clock.set(Instant.parse("2026-04-04T08:00:00Z"));
        scheduler.check();
        clock.advance(Duration.ofDays(7));
        assertThat(scheduler.check()).isZero();

        assertThat(store.find("s1").orElseThrow().state()).isEqualTo(Schedule.State.PAUSED);
        assertThat(runner.fired).isEmpty();
        assertThat(runner.told).isEmpty();
        assertThat(runner.toldCreator)
                .containsExactly("U-ana: I paused your schedule 'post the open tasks of Launch' (Every day at 09:00"
                        + " Lisbon time): you're no longer a member of #launch. Once that is sorted out, ask me to"
                        + " resume it, or to delete it.");
        assertThat(scheduler.paused(Scheduler.PauseReason.LOST_ACCESS)).isEqualTo(1);
        assertThat(scheduler.paused(Scheduler.PauseReason.CREATOR_LEFT)).isZero();
    }

    private static Schedule daily(String id, Schedule.MissedRuns missed) {
        return Schedule.create(
                id,
                "T1",
                "U-ana",
                "C1:1.0",
                "post the open tasks of Launch",
                ScheduleTiming.cron("0 9 * * *", LISBON),
                missed,
                FRIDAY);
    }

    @Test
    void a_time_coming_within_the_prepare_window_is_prepared_once_before_it_fires() throws Exception {
        store.create(daily("s1", Schedule.MissedRuns.RUN_LATEST));
        Instant due = Instant.parse("2026-04-04T08:00:00Z");

        clock.set(due.minus(Scheduler.PREPARE_AHEAD).minusSeconds(1));
        scheduler.check();
        clock.set(due.minusSeconds(10));
        scheduler.check();
        clock.set(due.minusSeconds(4));
        scheduler.check();
        runner.preparedOnce.await(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(runner.prepared).containsExactly("s1");
        assertThat(runner.fired).isEmpty();

        clock.set(due);
        assertThat(scheduler.check()).isEqualTo(1);
        assertThat(runner.prepared).as("prepared for this time only once").containsExactly("s1");
    }

    private static final class Recording implements ScheduleRunner {
        final List<String> prepared = Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.CountDownLatch preparedOnce = new java.util.concurrent.CountDownLatch(1);
        final List<Firing> fired = Collections.synchronizedList(new ArrayList<>());
        final List<String> told = Collections.synchronizedList(new ArrayList<>());
        final List<String> toldCreator = Collections.synchronizedList(new ArrayList<>());
        volatile boolean noAccess;
        volatile boolean channelLost;

        @Override
        public Started fire(Firing firing) {
            if (noAccess) {
                return new Started.NoAccess("the person who made it left the workspace");
            }
            if (channelLost) {
                return new Started.ChannelLost("you're no longer a member of #launch");
            }
            fired.add(firing);
            return new Started.Yes();
        }

        @Override
        public void prepare(Schedule schedule) {
            prepared.add(schedule.id());
            preparedOnce.countDown();
        }

        @Override
        public void tell(Schedule schedule, String text) {
            told.add(text);
        }

        @Override
        public void tellCreator(Schedule schedule, String text) {
            toldCreator.add(schedule.creatorId() + ": " + text);
        }
    }
}

package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The proactive routines on a clock the test drives: stored as schedules the scheduler fires (once, by claim), the
 * digest of projects and open tasks, and the reminders the day before a task is due, each sent once even when two
 * processes share the data.
 */
class RoutinesTest {
    /** Sunday 1 March 2026, 12:00 UTC. */
    private static final Instant SUNDAY = Instant.parse("2026-03-01T12:00:00Z");

    private static final Caller ANA = new Caller("T1", "U-ana", "C-launch:1.0");

    private final ManualClock clock = ManualClock.startingAt(SUNDAY);
    private final ScheduleStore schedules = ScheduleStore.inMemory();
    private final BuiltInStore data = BuiltInStore.inMemory();
    private final BuiltInTools tools = BuiltInTools.create(data, clock);
    private final List<String> posted = new ArrayList<>();
    private final RoutineConfig config = RoutineConfig.builder()
            .digestChannel("#launch")
            .digestCron("0 9 * * MON")
            .dueReminders(true)
            .dueRemindersCron("0 8 * * *")
            .zone(ZoneId.of("Europe/Lisbon"))
            .build();

    private Routines routines(RoutineConfig config) {
        return new Routines(
                schedules,
                data,
                config,
                (conversation, text) -> {
                    posted.add(conversation + " | " + text);
                    return "ts-" + posted.size();
                },
                clock);
    }

    /** A scheduler whose runner runs the routines, as lucy-app's does. */
    private Scheduler scheduler(Routines routines) {
        return Scheduler.builder(schedules, new ScheduleRunner() {
                    @Override
                    public Started fire(Firing firing) {
                        routines.run(firing.schedule(), firing.due());
                        return new Started.Done();
                    }

                    @Override
                    public void tell(Schedule schedule, String text) {}
                })
                .clock(clock)
                .build();
    }

    @Test
    void routines_switched_on_are_stored_as_schedules_once_changed_with_the_config_and_removed_when_off() {
        Routines routines = routines(config);
        routines.install("T1", Optional.of("C-launch"));
        routines.install("T1", Optional.of("C-launch"));

        assertThat(schedules.all())
                .extracting(
                        Schedule::id,
                        Schedule::creatorId,
                        Schedule::conversationId,
                        s -> s.timing().describe())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "routine-digest-T1", "lucy", "C-launch", "Every Monday at 09:00 Lisbon time"),
                        org.assertj.core.groups.Tuple.tuple(
                                "routine-due-reminders-T1", "lucy", "-", "Every day at 08:00 Lisbon time"));
        assertThat(schedules.all()).allMatch(s -> s.version() == 0);

        routines(config.toBuilder().digestCron("0 10 * * FRI").build()).install("T1", Optional.of("C-launch"));
        assertThat(schedules.find("routine-digest-T1").orElseThrow().nextRunAt())
                .contains(Instant.parse("2026-03-06T10:00:00Z"));

        routines(RoutineConfig.defaults()).install("T1", Optional.empty());
        assertThat(schedules.all()).isEmpty();
    }

    @Test
    void the_digest_runs_at_its_time_through_the_scheduler_and_lists_the_open_tasks_by_project() {
        tools.createTask(ANA, "Launch", "Write the announcement", Optional.of("2026-03-06"));
        tools.createTask(ANA, "Launch", "Book the room");
        tools.toggleTask(ANA, 2);
        tools.createTask(ANA, "Website", "Fix the footer");
        tools.createTask(ANA, "Archive", "Old thing");
        tools.toggleTask(ANA, 4);
        Routines routines = routines(config.toBuilder().dueReminders(false).build());
        routines.install("T1", Optional.of("C-launch"));
        Scheduler scheduler = scheduler(routines);

        clock.set(Instant.parse("2026-03-02T09:00:00Z")); // Monday 09:00 in Lisbon (UTC+0 in March)
        assertThat(scheduler.check()).isEqualTo(1);
        assertThat(scheduler.check()).isZero();

        assertThat(posted)
                .containsExactly("C-launch | :clipboard: **Task digest**: 2 open tasks in 2 projects.\n\n"
                        + "**Launch** (1 open, 1 done)\n- #1 Write the announcement (due Fri 6 Mar)\n\n"
                        + "**Website** (1 open)\n- #3 Fix the footer\n\n"
                        + "**Archive**: all 1 done");
    }

    @Test
    void a_reminder_goes_out_the_day_before_once_where_the_task_was_made_even_from_two_processes() {
        tools.createTask(ANA, "Launch", "Write the announcement", Optional.of("2026-03-03"));
        tools.createTask(ANA, "Launch", "Later", Optional.of("2026-03-10"));
        data.createTask(
                "T1",
                "Launch",
                "Made by code",
                BuiltInStore.Origin.UNKNOWN,
                Optional.of("2026-03-03").map(java.time.LocalDate::parse));
        Routines one = routines(config);
        Routines two = routines(config);
        one.install("T1", Optional.of("C-launch"));
        Schedule due = schedules.find("routine-due-reminders-T1").orElseThrow();

        Instant monday = Instant.parse("2026-03-02T08:00:00Z");
        assertThat(one.remind(due, monday)).isEqualTo(1);
        assertThat(two.remind(due, monday)).isZero();
        assertThat(one.remind(due, monday.plusSeconds(86_400))).isZero();

        assertThat(posted)
                .containsExactly("C-launch:1.0 | :calendar: <@U-ana> Reminder: task #1 **Write the announcement**"
                        + " (Launch) is due tomorrow (Tue 3 Mar).");
    }

    @Test
    void a_task_done_before_its_reminder_gets_none_and_a_moved_date_gets_a_new_one() {
        tools.createTask(ANA, "Launch", "Write the announcement", Optional.of("2026-03-03"));
        tools.createTask(ANA, "Launch", "Book the room", Optional.of("2026-03-03"));
        tools.toggleTask(ANA, 2);
        Routines routines = routines(config);
        routines.install("T1", Optional.of("C-launch"));
        Schedule due = schedules.find("routine-due-reminders-T1").orElseThrow();

        routines.remind(due, Instant.parse("2026-03-02T08:00:00Z"));
        tools.setTaskDue(ANA, 1, "2026-03-05");
        routines.remind(due, Instant.parse("2026-03-04T08:00:00Z"));

        assertThat(posted).hasSize(2).allMatch(p -> p.contains("#1 **Write the announcement**"));
        assertThat(posted.get(1)).endsWith("is due tomorrow (Thu 5 Mar).");
    }
}

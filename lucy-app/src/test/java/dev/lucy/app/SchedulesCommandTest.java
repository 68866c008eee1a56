package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.JdbcScheduleStore;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleTiming;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulesCommandTest {
    @TempDir
    Path dataDir;

    private LucyCommandLine.Result run(String... args) {
        return LucyCommandLine.run(Map.of(MemoryCommand.DATA_DIR, dataDir.toString()), args);
    }

    @Test
    void next_prints_the_times_of_a_cron_expression_across_the_spring_change_in_lisbon() {
        LucyCommandLine.Result result = run(
                "schedules",
                "next",
                "30 1 * * *",
                "--tz",
                "Europe/Lisbon",
                "--from",
                "2026-03-28T12:00:00Z",
                "--count",
                "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("\"description\" : \"Every day at 01:30 Lisbon time\"")
                // 01:30 does not exist on 29 March: it runs at 02:30 summer time, once
                .contains("\"next\" : [ \"2026-03-29T02:30:00+01:00\", \"2026-03-30T01:30:00+01:00\" ]");
    }

    @Test
    void next_prints_weekday_mornings_across_the_autumn_change_in_new_york_once_each() {
        LucyCommandLine.Result result = run(
                "schedules",
                "next",
                "30 1 * * *",
                "--tz",
                "America/New_York",
                "--from",
                "2026-10-31T12:00:00Z",
                "--count",
                "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("[ \"2026-11-01T01:30:00-04:00\", \"2026-11-02T01:30:00-05:00\" ]");
    }

    @Test
    void a_malformed_expression_or_zone_is_a_usage_error_of_one_line() {
        LucyCommandLine.Result cron = run("schedules", "next", "every monday", "--tz", "Europe/Lisbon");
        LucyCommandLine.Result zone = run("schedules", "next", "0 9 * * *", "--tz", "Mars/Olympus");

        assertThat(cron.exitCode()).isEqualTo(Main.USAGE);
        assertThat(cron.err())
                .contains("is not a cron expression of five fields")
                .doesNotContain("Exception");
        assertThat(zone.exitCode()).isEqualTo(Main.USAGE);
        assertThat(zone.err()).contains("--tz: unknown time zone 'Mars/Olympus'");
    }

    @Test
    void an_operator_lists_pauses_resumes_and_deletes_stored_schedules() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            JdbcScheduleStore.open(db, "test")
                    .create(Schedule.create(
                            "s1",
                            "T1",
                            "U-ana",
                            "C1:1.0",
                            "post the open tasks",
                            ScheduleTiming.cron("0 9 * * MON-FRI", ZoneId.of("Europe/Lisbon")),
                            Schedule.MissedRuns.RUN_LATEST,
                            Instant.now()));
        }

        assertThat(run("schedules", "list").out()).contains("\"id\":\"s1\"").contains("\"state\":\"active\"");
        assertThat(run("schedules", "pause", "s1").out()).contains("paused schedule s1");
        assertThat(run("schedules", "show", "s1").out()).contains("\"state\" : \"paused\"");
        assertThat(run("schedules", "resume", "s1").exitCode()).isZero();
        assertThat(run("schedules", "list", "--workspace", "T1").out()).contains("\"state\":\"active\"");
        assertThat(run("schedules", "delete", "s1").exitCode()).isZero();
        LucyCommandLine.Result gone = run("schedules", "show", "s1");
        assertThat(gone.exitCode()).isEqualTo(Main.FAILED);
        assertThat(gone.err()).contains("there is no schedule s1");
    }

    @Test
    void the_routines_switched_on_in_config_are_listed_and_marked_as_routines() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dataDir))) {
            new dev.lucy.tools.Routines(
                            JdbcScheduleStore.open(db, "test"),
                            dev.lucy.tools.BuiltInStore.inMemory(),
                            dev.lucy.tools.RoutineConfig.builder()
                                    .dueReminders(true)
                                    .build(),
                            (conversation, text) -> "1.0",
                            java.time.Clock.systemUTC())
                    .install("T1", java.util.Optional.empty());
        }

        assertThat(run("schedules", "list").out())
                .contains("\"id\":\"routine-due-reminders-T1\"")
                .contains("\"creator\":\"lucy\",\"routine\":true")
                .contains("\"description\":\"Every day at 09:00 UTC time\"");
    }
}

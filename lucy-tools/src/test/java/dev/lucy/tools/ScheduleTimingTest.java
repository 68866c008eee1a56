package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTimingTest {
    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void weekday_mornings_fire_at_nine_local_time_on_weekdays_only() {
        ScheduleTiming timing = ScheduleTiming.cron("0 9 * * MON-FRI", LISBON);

        // Friday 3 April 2026, 10:00 Lisbon (summer time, UTC+1)
        assertThat(timing.next(Instant.parse("2026-04-03T09:00:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-04-06T08:00:00Z"),
                        Instant.parse("2026-04-07T08:00:00Z"),
                        Instant.parse("2026-04-08T08:00:00Z"));
    }

    /** A daily time the clocks skip fires once, shifted forward by the gap; one they repeat, once the first time. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # 29 March 2026: Lisbon goes from 01:00 to 02:00, so 01:30 does not exist that day: 02:30, then 01:30 (summer time)
            gap, Lisbon       | Europe/Lisbon    | 30 1 * * * | 2026-03-28T12:00:00Z | 2026-03-29T01:30:00Z | 2026-03-30T00:30:00Z
            # 8 March 2026: New York goes from 02:00 to 03:00, so 02:30 does not exist that day: 03:30, then 02:30 (EDT)
            gap, New York     | America/New_York | 30 2 * * * | 2026-03-07T12:00:00Z | 2026-03-08T07:30:00Z | 2026-03-09T06:30:00Z
            # 25 October 2026: Lisbon goes from 02:00 back to 01:00, so 01:30 happens twice: 01:30 summer time only
            overlap, Lisbon   | Europe/Lisbon    | 30 1 * * * | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z
            # 1 November 2026: New York goes from 02:00 back to 01:00
            overlap, New York | America/New_York | 30 1 * * * | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z | 2026-11-02T06:30:00Z
            """)
    void a_time_the_clocks_skip_or_repeat_fires_once(
            String change, ZoneId zone, String cron, Instant from, Instant first, Instant second) {
        assertThat(ScheduleTiming.cron(cron, zone).next(from, 2)).containsExactly(first, second);
    }

    @Test
    void two_times_landing_on_the_same_instant_in_the_gap_fire_once() {
        ScheduleTiming timing = ScheduleTiming.cron("30 1,2 * * *", LISBON);

        assertThat(timing.next(Instant.parse("2026-03-28T12:00:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-03-29T01:30:00Z"), // 01:30 shifted to 02:30, and 02:30 itself
                        Instant.parse("2026-03-30T00:30:00Z"),
                        Instant.parse("2026-03-30T01:30:00Z"));
    }

    @Test
    void an_hourly_schedule_does_not_repeat_the_hour_that_happens_twice() {
        ScheduleTiming timing = ScheduleTiming.cron("0 * * * *", LISBON);

        assertThat(timing.next(Instant.parse("2026-10-24T23:30:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-10-25T00:00:00Z"), // 01:00 summer time
                        Instant.parse("2026-10-25T02:00:00Z"), // 02:00 winter time: the second 01:00 is skipped
                        Instant.parse("2026-10-25T03:00:00Z"));
        // Asked from inside the second pass, the next time is still 02:00 winter time.
        assertThat(timing.nextAfter(Instant.parse("2026-10-25T01:10:00Z")))
                .contains(Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void a_one_off_time_fires_once() {
        Instant at = Instant.parse("2026-04-10T15:00:00Z");
        ScheduleTiming timing = ScheduleTiming.once(at, LISBON);

        assertThat(timing.next(Instant.parse("2026-04-01T00:00:00Z"), 3)).containsExactly(at);
        assertThat(timing.nextAfter(at)).isEmpty();
        assertThat(timing.describe()).isEqualTo("Once, on Fri 10 Apr 2026 16:00 Lisbon time");
    }

    @Test
    void a_malformed_expression_is_refused_with_an_example_of_a_good_one() {
        assertThatThrownBy(() -> ScheduleTiming.cron("every monday", LISBON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0 9 * * MON-FRI'");
        assertThatThrownBy(() -> ScheduleTiming.cron("61 9 * * *", LISBON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_expression_reads_in_words_with_its_zone() {
        assertThat(ScheduleTiming.cron("0 9 * * MON-FRI", LISBON).describe())
                .isEqualTo("Every weekday at 09:00 Lisbon time");
        assertThat(ScheduleTiming.cron("30 16 * * FRI", NEW_YORK).describe())
                .isEqualTo("Every Friday at 16:30 New York time");
        assertThat(ScheduleTiming.cron("*/15 * * * *", LISBON).describe()).isEqualTo("Every 15 minutes, Lisbon time");
        assertThat(ScheduleTiming.cron("0 8 1 * *", LISBON).describe())
                .isEqualTo("On day 1 of every month at 08:00 Lisbon time");
        assertThat(ScheduleNotices.echo(
                        Schedule.create(
                                "s1",
                                "T1",
                                "U1",
                                "C1:1",
                                "post the open tasks",
                                ScheduleTiming.cron("0 9 * * MON-FRI", LISBON),
                                Schedule.MissedRuns.RUN_LATEST,
                                Instant.parse("2026-04-03T09:00:00Z")),
                        List.of(Instant.parse("2026-04-06T08:00:00Z"))))
                .isEqualTo("Every weekday at 09:00 Lisbon time; next: Mon 6 Apr 2026 09:00");
    }
}

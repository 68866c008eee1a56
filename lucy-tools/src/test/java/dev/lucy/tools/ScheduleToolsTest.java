package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.spi.ToolError;
import dev.lucy.tools.spi.ToolException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleToolsTest {
    /** Friday 3 April 2026, 10:00 in Lisbon. */
    private static final Instant FRIDAY = Instant.parse("2026-04-03T09:00:00Z");

    private static final Caller ANA = new Caller("T1", "U-ana", "C-launch:1.0");
    private static final Caller BO = new Caller("T1", "U-bo", "C-launch:2.0");
    private static final Caller ADMIN = new Caller("T1", "U-admin", "C-ops:1.0");

    private final ManualClock clock = ManualClock.startingAt(FRIDAY);
    private final ScheduleStore store = ScheduleStore.inMemory();
    private final ScheduleTools tools = ScheduleTools.builder(store)
            .config(ScheduleConfig.builder()
                    .maxPerPerson(2)
                    .maxPerWorkspace(3)
                    .minInterval(Duration.ofMinutes(30))
                    .build())
            .zones((workspace, user) ->
                    user.equals("U-ana") ? Optional.of(ZoneId.of("Europe/Lisbon")) : Optional.empty())
            .admins((workspace, user) -> user.equals("U-admin"))
            .clock(clock)
            .build();

    @Test
    void a_schedule_is_echoed_in_words_with_its_next_times_in_the_persons_zone() {
        ScheduleTools.View view = create(ANA, "0 9 * * MON-FRI");

        assertThat(view.summary())
                .isEqualTo("Every weekday at 09:00 Lisbon time; next: Mon 6 Apr 2026 09:00, Tue 7 Apr 2026 09:00,"
                        + " Wed 8 Apr 2026 09:00");
        Schedule stored = store.find(view.id()).orElseThrow();
        assertThat(stored.conversationId()).isEqualTo("C-launch:1.0");
        assertThat(stored.creatorId()).isEqualTo("U-ana");
    }

    @Test
    void a_one_off_time_is_read_in_the_persons_zone_and_must_be_in_the_future() {
        ScheduleTools.View view = tools.createSchedule(
                ANA,
                "remind me to send the report",
                Optional.empty(),
                Optional.of("2026-04-03T16:00"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        assertThat(view.summary()).isEqualTo("Once, on Fri 3 Apr 2026 16:00 Lisbon time");
        assertThatThrownBy(() -> tools.createSchedule(
                        ANA,
                        "too late",
                        Optional.empty(),
                        Optional.of("2026-04-03T08:00"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.INVALID_ARGUMENTS))
                .hasMessageContaining("has passed already");
    }

    @Test
    void an_instruction_holding_a_password_or_key_is_refused_and_nothing_is_kept() {
        assertThatThrownBy(() -> tools.createSchedule(
                        ANA,
                        "every morning check https://ci.internal with token ghp_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e",
                        Optional.of("0 9 * * *"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.INVALID_ARGUMENTS))
                .hasMessageContaining("holds a credential (token)")
                .hasMessageNotContaining("4f9a8b7c");
        assertThat(store.all()).isEmpty();

        String id = create(ANA, "0 9 * * *").id();
        assertThatThrownBy(() -> tools.updateSchedule(
                        ANA,
                        id,
                        Optional.of("log in with password: Hunter2!x and check the build"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("holds a credential (password)");
        assertThat(store.find(id).orElseThrow().instruction()).doesNotContain("Hunter2");
    }

    @Test
    void a_schedule_more_frequent_than_allowed_is_refused_with_the_limit() {
        assertThatThrownBy(() -> create(ANA, "*/10 * * * *"))
                .hasMessage("that runs every 10 minutes; schedules may run at most every 30 minutes");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void a_person_and_a_workspace_have_at_most_their_limit_of_schedules() {
        create(ANA, "0 9 * * *");
        create(ANA, "0 10 * * *");
        assertThatThrownBy(() -> create(ANA, "0 11 * * *")).hasMessageContaining("the most one person may have");

        create(BO, "0 9 * * *");
        assertThatThrownBy(() -> create(BO, "0 10 * * *")).hasMessageContaining("the most it may have");
    }

    @Test
    void only_the_creator_or_a_workspace_admin_changes_a_schedule() {
        String id = create(ANA, "0 9 * * *").id();

        assertThatThrownBy(() -> tools.pauseSchedule(BO, id))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.FATAL))
                .hasMessageContaining("only the person who made this schedule or a workspace admin");
        assertThatThrownBy(() -> tools.deleteSchedule(new Caller("T2", "U-ana", "C9:1.0"), id))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.NOT_FOUND));

        assertThat(tools.pauseSchedule(ANA, id).state()).isEqualTo("paused");
        assertThat(tools.resumeSchedule(ADMIN, id).state()).isEqualTo("active");
        assertThat(tools.listSchedules(BO)).isEmpty();
        assertThat(tools.listSchedules(ADMIN))
                .extracting(ScheduleTools.View::id)
                .containsExactly(id);
        assertThat(tools.deleteSchedule(ADMIN, id)).startsWith("Deleted the schedule");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void a_change_of_timing_moves_the_next_time() {
        String id = create(ANA, "0 9 * * *").id();

        ScheduleTools.View changed = tools.updateSchedule(
                ANA, id, Optional.empty(), Optional.of("30 16 * * FRI"), Optional.empty(), Optional.empty());

        assertThat(changed.summary()).startsWith("Every Friday at 16:30 Lisbon time; next: Fri 3 Apr 2026 16:30");
        assertThat(store.find(id).orElseThrow().nextRunAt()).contains(Instant.parse("2026-04-03T15:30:00Z"));
    }

    @Test
    void a_schedule_posts_in_a_named_channel_when_the_channels_allow_it_and_says_why_not_otherwise() {
        ScheduleTools withChannels = ScheduleTools.builder(store)
                .clock(clock)
                .channels((workspace, user, channel) -> channel.equals("#launch") && user.equals("U-ana")
                        ? new ScheduleTools.Target.Found("C-launch-id", "#launch")
                        : new ScheduleTools.Target.Refused("you are not a member of " + channel))
                .build();

        ScheduleTools.View view = weekdayMorningsInLaunch(withChannels, ANA);

        assertThat(view.channel()).isEqualTo("#launch");
        assertThat(store.find(view.id()).orElseThrow().conversationId()).isEqualTo("C-launch-id");
        assertThatThrownBy(() -> weekdayMorningsInLaunch(withChannels, BO))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.error()).isEqualTo(ToolError.FATAL))
                .hasMessageContaining("you are not a member of #launch");
        assertThatThrownBy(() -> weekdayMorningsInLaunch(tools, ANA))
                .hasMessageContaining("I can only post a schedule's results where it is made here");
        assertThat(store.all()).hasSize(1);
    }

    private ScheduleTools.View create(Caller caller, String cron) {
        return tools.createSchedule(
                caller,
                "post the open tasks",
                Optional.of(cron),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** A weekday-morning schedule that {@code caller} asks {@code in} to post in #launch. */
    private static ScheduleTools.View weekdayMorningsInLaunch(ScheduleTools in, Caller caller) {
        return in.createSchedule(
                caller,
                "post the open tasks of Launch",
                Optional.of("0 9 * * MON-FRI"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("#launch"));
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schedules as a person meets them in Slack, on a clock the test drives: made in words (the model calls the tool,
 * Lucy answers with the times in the person's zone from their Slack profile), run at their time as a new message in
 * the channel with the answer in its thread, once; paused with a word in the channel after repeated failures or
 * when their creator left.
 */
class SchedulesE2ETest {
    private static final String INSTRUCTION = "post the open tasks of Launch";

    private final ManualClock clock = ManualClock.startingAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.clock(clock).engine(e -> e.runSchedules(false)));

    /** Makes a schedule from the person's words, runs the instruction when it comes, fails when told to. */
    private Turn model(ModelRequest request, boolean runsFail) {
        String asked = request.lastUserText().orElse("");
        if (asked.equals(INSTRUCTION)) {
            return runsFail ? Fault.unauthorized() : Reply.text("Open tasks of Launch: none, all done.");
        }
        return E2EModel.scheduleOnWeekdays(request, INSTRUCTION);
    }

    private Schedule createInWords(boolean runsFail) {
        lucy.slack().timeZone("alice", "Europe/Lisbon");
        lucy.model().script(request -> model(request, runsFail));
        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " here");
        String answer = lucy.awaitAnswer(ask, text -> text.startsWith("Done")).text();
        assertThat(answer).startsWith("Done. Every weekday at 09:00 Lisbon time; next: ");
        return lucy.app().engine().schedules().all().getFirst();
    }

    /** Moves the clock to the schedule's next time and lets the scheduler look. */
    private int runNextTime(Schedule schedule) {
        Schedule now = lucy.app().engine().schedules().find(schedule.id()).orElseThrow();
        clock.set(now.nextRunAt().orElseThrow());
        return lucy.app().engine().scheduler().check();
    }

    private List<SlackMessage> headlines() {
        return lucy.slack().messages(lucy.slack().channelId(CHANNEL)).stream()
                .filter(m -> m.fromBot() && m.text().contains("Scheduled: " + INSTRUCTION))
                .toList();
    }

    @Test
    void a_schedule_made_in_words_runs_at_its_time_once_in_a_new_message_with_the_answer_in_its_thread() {
        Schedule schedule = createInWords(false);
        assertThat(schedule.creatorId()).isEqualTo(lucy.user("alice").id());
        assertThat(schedule.timing().zone().getId()).isEqualTo("Europe/Lisbon");

        Scheduler scheduler = lucy.app().engine().scheduler();
        assertThat(runNextTime(schedule)).isEqualTo(1);
        assertThat(scheduler.check()).isZero();

        SlackMessage headline = lucy.slack()
                .await(
                        "the run's headline",
                        LucyE2E.WAIT,
                        () -> headlines().stream().findFirst());
        assertThat(LucyE2E.awaitBotMessage(lucy.slack(), headline, text -> text.startsWith("Open tasks"))
                        .text())
                .isEqualTo("Open tasks of Launch: none, all done.");
        lucy.awaitSettled();
        assertThat(headlines()).hasSize(1);
        assertThat(lucy.slack().calls("chat.startStream"))
                .as("a schedule's answer is posted, not streamed: nobody asked for it just now")
                .noneMatch(call -> call.argument("thread_ts").orElse("").equals(headline.ts()));
        assertThat(lucy.app()
                        .engine()
                        .schedules()
                        .find(schedule.id())
                        .orElseThrow()
                        .failures())
                .isZero();
    }

    @Test
    void a_schedule_failing_three_times_in_a_row_pauses_and_says_so_where_it_was_made() {
        Schedule schedule = createInWords(true);

        for (int run = 1; run <= 3; run++) {
            assertThat(runNextTime(schedule)).isEqualTo(1);
            int failures = run;
            lucy.slack()
                    .awaitTrue(
                            "run " + failures + " to fail",
                            LucyE2E.WAIT,
                            () -> lucy.app()
                                            .engine()
                                            .schedules()
                                            .find(schedule.id())
                                            .orElseThrow()
                                            .failures()
                                    == failures);
        }

        Schedule paused = lucy.app().engine().schedules().find(schedule.id()).orElseThrow();
        assertThat(paused.state()).isEqualTo(Schedule.State.PAUSED);
        lucy.slack()
                .await(
                        "the pause notice",
                        LucyE2E.WAIT,
                        () -> lucy.slack().messages(lucy.slack().channelId(CHANNEL)).stream()
                                .flatMap(m -> lucy.slack().thread(m).stream())
                                .filter(m -> m.fromBot() && m.text().contains("I paused this schedule"))
                                .findFirst());
        clock.advance(Duration.ofDays(7));
        assertThat(lucy.app().engine().scheduler().check()).isZero();
    }

    @Test
    void a_schedule_whose_creator_left_pauses_instead_of_running() {
        Schedule schedule = createInWords(false);
        lucy.slack().deactivate("alice");

        runNextTime(schedule);

        assertThat(lucy.app().engine().schedules().find(schedule.id()).map(Schedule::state))
                .isEqualTo(Optional.of(Schedule.State.PAUSED));
        assertThat(headlines()).isEmpty();
    }

    @Test
    void the_lucy_schedules_command_lists_ones_own_schedules_with_a_pause_button_that_pauses() {
        Schedule schedule = createInWords(false);
        String channel = lucy.slack().channelId(CHANNEL);

        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "schedules");
        SlackMessage list = lucy.slack().awaitEphemeral(channel, 1, LucyE2E.WAIT);
        assertThat(list.blocks().orElse(""))
                .contains(INSTRUCTION)
                .contains("Every weekday at 09:00 Lisbon time; next: ")
                .contains("Pause")
                .contains("Delete");

        lucy.user("bob").runsCommand(CHANNEL, "/lucy", "schedules");
        assertThat(lucy.slack()
                        .awaitEphemeral(channel, 2, LucyE2E.WAIT)
                        .blocks()
                        .orElse(""))
                .contains("You have no schedules");

        lucy.user("alice").clicks(list, "lucy_schedule_pause");
        assertThat(lucy.slack().awaitEphemeral(channel, 3, LucyE2E.WAIT).text()).startsWith("Paused: ");
        assertThat(lucy.app()
                        .engine()
                        .schedules()
                        .find(schedule.id())
                        .orElseThrow()
                        .state())
                .isEqualTo(Schedule.State.PAUSED);
    }
}

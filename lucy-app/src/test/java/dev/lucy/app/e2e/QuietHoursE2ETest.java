package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.Schedule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quiet hours set with {@code /lucy config}: a schedule due within them posts nothing and waits for its next time; once
 * they are reset, it posts again.
 */
class QuietHoursE2ETest {
    private static final String INSTRUCTION = "post the open tasks of Launch";

    private final ManualClock clock = ManualClock.startingAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.clock(clock).engine(e -> e.runSchedules(false)));

    private Turn model(ModelRequest request) {
        String asked = request.lastUserText().orElse("");
        if (asked.equals(INSTRUCTION)) {
            return Reply.text("Open tasks of Launch: none, all done.");
        }
        if (asked.contains("every weekday")) {
            return E2EModel.scheduleOnWeekdays(request, INSTRUCTION);
        }
        return Reply.text("Answered.");
    }

    private List<SlackMessage> headlines() {
        return lucy.slack().messages(lucy.slack().channelId(CHANNEL)).stream()
                .filter(m -> m.fromBot() && m.text().contains("Scheduled: " + INSTRUCTION))
                .toList();
    }

    private int runNextTime(Schedule schedule) {
        Schedule now = lucy.app().engine().schedules().find(schedule.id()).orElseThrow();
        clock.set(now.nextRunAt().orElseThrow());
        return lucy.app().engine().scheduler().check();
    }

    @Test
    void a_schedule_due_in_quiet_hours_posts_nothing_until_they_are_reset() {
        lucy.slack().timeZone("alice", "Europe/Lisbon");
        lucy.slack().createdBy(CHANNEL, "alice");
        lucy.model().script(this::model);
        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " here");
        lucy.awaitAnswer(ask, text -> text.startsWith("Done"));
        Schedule schedule = lucy.app().engine().schedules().all().getFirst();

        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "config quiet 08:30-09:30 Europe/Lisbon");
        assertThat(lucy.slack().awaitEphemeral(CHANNEL, 1, LucyE2E.WAIT).text())
                .contains("Quiet hours in <#")
                .contains("08:30-09:30 Europe/Lisbon")
                .contains("repeating schedules and routines due then are skipped");

        Instant due = lucy.app()
                .engine()
                .schedules()
                .find(schedule.id())
                .orElseThrow()
                .nextRunAt()
                .orElseThrow();
        runNextTime(schedule);
        lucy.awaitSettled();
        assertThat(headlines()).isEmpty();
        Schedule after = lucy.app().engine().schedules().find(schedule.id()).orElseThrow();
        assertThat(after.nextRunAt().orElseThrow()).isAfter(due);
        assertThat(after.state()).isEqualTo(Schedule.State.ACTIVE);

        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "config reset quiet");
        assertThat(lucy.slack().awaitEphemeral(CHANNEL, 2, LucyE2E.WAIT).text()).startsWith("Reset.");
        runNextTime(schedule);
        lucy.slack()
                .await(
                        "the run's headline",
                        LucyE2E.WAIT,
                        () -> headlines().stream().findFirst());
    }
}

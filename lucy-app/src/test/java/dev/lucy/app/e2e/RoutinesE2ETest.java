package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.ChannelType;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.RoutineConfig;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routines a team switches on in config, through the bot: the digest of projects and open tasks posted to #launch
 * (named in the config, found through {@code conversations.list}) and the reminder, the day before, of a task made in
 * words with a due date, in the channel it was made in and mentioning its creator; both fired by the scheduler's
 * claims, once.
 */
class RoutinesE2ETest {
    private final ManualClock clock = ManualClock.startingAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(s -> s.channel(CHANNEL).channel("launch", ChannelType.PUBLIC_CHANNEL, true, "alice"))
            .app(app -> app.clock(clock)
                    .engine(e -> e.runSchedules(false)
                            .schedules(ScheduleConfig.builder()
                                    .routines(RoutineConfig.builder()
                                            .digestChannel("#launch")
                                            .digestCron("0 9 * * *")
                                            .dueReminders(true)
                                            .dueRemindersCron("0 9 * * *")
                                            .build())
                                    .build())));

    private List<SlackMessage> botMessagesIn(String channel, String containing) {
        return lucy.slack().messages(lucy.slack().channelId(channel)).stream()
                .filter(m -> m.fromBot() && m.text().contains(containing))
                .toList();
    }

    @Test
    void the_digest_and_the_reminder_the_day_before_a_due_date_are_posted_once_at_their_time() {
        List<Schedule> routines = lucy.app().engine().schedules().all();
        assertThat(routines)
                .extracting(Schedule::id)
                .containsExactly(
                        "routine-digest-" + lucy.slack().teamId(),
                        "routine-due-reminders-" + lucy.slack().teamId());
        assertThat(routines.getFirst().conversationId()).isEqualTo(lucy.slack().channelId("launch"));
        Instant nine = routines.getFirst().nextRunAt().orElseThrow();
        String tomorrow = LocalDate.ofInstant(nine, ZoneOffset.UTC).plusDays(1).toString();

        lucy.model().script((ModelRequest request) -> {
            if (request.toolResults().isEmpty()) {
                return (Turn) Reply.toolCall(
                        "create_task",
                        "{\"project\":\"Launch\",\"title\":\"Write the announcement\",\"due_date\":\"" + tomorrow
                                + "\"}");
            }
            return Reply.text("Added: " + request.toolResults().getFirst().content());
        });
        SlackMessage ask =
                lucy.user("alice").mentionsBot(CHANNEL, "add a task to Launch: write the announcement, due tomorrow");
        assertThat(lucy.awaitAnswer(ask, text -> text.startsWith("Added")).text())
                .contains(tomorrow);

        clock.set(nine);
        assertThat(lucy.app().engine().scheduler().check()).isEqualTo(2);
        assertThat(lucy.app().engine().scheduler().check()).isZero();

        SlackMessage digest = lucy.slack()
                .await(
                        "the digest in #launch",
                        LucyE2E.WAIT,
                        () -> botMessagesIn("launch", "Task digest").stream().findFirst());
        assertThat(digest.text()).contains("1 open task in 1 project").contains("Write the announcement");
        SlackMessage reminder = lucy.slack()
                .await(
                        "the reminder in #general",
                        LucyE2E.WAIT,
                        () -> botMessagesIn(CHANNEL, "Reminder").stream().findFirst());
        assertThat(reminder.text())
                .contains("<@" + lucy.user("alice").id() + ">")
                .contains("task #1")
                .contains("Write the announcement")
                .contains("(Launch) is due tomorrow");

        clock.set(nine.plus(java.time.Duration.ofDays(1)));
        assertThat(lucy.app().engine().scheduler().check()).isEqualTo(2);
        lucy.slack()
                .awaitTrue(
                        "the second digest",
                        LucyE2E.WAIT,
                        () -> botMessagesIn("launch", "Task digest").size() == 2);
        assertThat(botMessagesIn(CHANNEL, "Reminder")).hasSize(1);
        assertThat(lucy.app().engine().schedules().all()).allMatch(s -> s.failures() == 0);
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.ChannelType;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Every weekday at 9 post the open tasks of Launch in #launch", said in #general: the schedule keeps #launch (found by
 * name through {@code conversations.list}) and posts there; refused in plain words for someone who is not in #launch.
 * When the channel gets out of reach (its creator leaves it, it is archived, Lucy is removed) the schedule pauses
 * instead of running and its creator hears why in a direct message, once.
 */
class ScheduleChannelsE2ETest {
    private static final String INSTRUCTION = "post the open tasks of Launch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = ManualClock.startingAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(s -> s.channel(CHANNEL)
                    .channel("launch", ChannelType.PUBLIC_CHANNEL, true, "alice")
                    .channel("secret", ChannelType.PRIVATE_CHANNEL, true, "alice"))
            .app(app -> app.clock(clock).engine(e -> e.runSchedules(false)));

    /** Makes the schedule into the channel named in the words, runs the instruction when it comes. */
    private Turn model(ModelRequest request, String channel) {
        String asked = request.lastUserText().orElse("");
        if (asked.equals(INSTRUCTION)) {
            return Reply.text("Open tasks of Launch: none, all done.");
        }
        if (request.toolResults().isEmpty()) {
            return Reply.toolCall(
                    "create_schedule",
                    "{\"instruction\":\"" + INSTRUCTION + "\",\"cron\":\"0 9 * * MON-FRI\",\"channel\":\"" + channel
                            + "\"}");
        }
        String content = request.toolResults().getFirst().content();
        try {
            JsonNode result = JSON.readTree(content);
            return Reply.text("Done, in " + result.path("channel").asText() + ". "
                    + result.path("summary").asText());
        } catch (Exception notJson) {
            return Reply.text("Sorry: " + content);
        }
    }

    private String ask(String who, String channel) {
        lucy.model().script(request -> model(request, channel));
        SlackMessage ask = lucy.user(who).mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " in " + channel);
        return lucy.awaitAnswer(ask, text -> text.startsWith("Done") || text.startsWith("Sorry"))
                .text();
    }

    private Schedule createInLaunch() {
        assertThat(ask("alice", "#launch")).startsWith("Done, in #launch. Every weekday at 09:00");
        return lucy.app().engine().schedules().all().getFirst();
    }

    private int runNextTime(Schedule schedule) {
        Schedule now = lucy.app().engine().schedules().find(schedule.id()).orElseThrow();
        clock.set(now.nextRunAt().orElseThrow());
        return lucy.app().engine().scheduler().check();
    }

    private List<SlackMessage> headlinesIn(String channel) {
        return lucy.slack().messages(lucy.slack().channelId(channel)).stream()
                .filter(m -> m.fromBot() && m.text().contains("Scheduled: " + INSTRUCTION))
                .toList();
    }

    private List<SlackMessage> directMessagesTo(String user) {
        return lucy.slack().messages(lucy.slack().imWith(user)).stream()
                .filter(SlackMessage::fromBot)
                .toList();
    }

    @Test
    void a_schedule_made_in_general_for_launch_keeps_launch_and_posts_there() {
        Schedule schedule = createInLaunch();
        assertThat(schedule.conversationId()).isEqualTo(lucy.slack().channelId("launch"));

        assertThat(runNextTime(schedule)).isEqualTo(1);

        SlackMessage headline = lucy.slack()
                .await(
                        "the run's headline in #launch",
                        LucyE2E.WAIT,
                        () -> headlinesIn("launch").stream().findFirst());
        assertThat(LucyE2E.awaitBotMessage(lucy.slack(), headline, text -> text.startsWith("Open tasks"))
                        .text())
                .isEqualTo("Open tasks of Launch: none, all done.");
        assertThat(headlinesIn(CHANNEL)).isEmpty();
    }

    @Test
    void someone_not_in_the_channel_or_a_channel_lucy_cannot_see_is_refused_in_plain_words() {
        assertThat(ask("bob", "#launch"))
                .startsWith("Sorry: ")
                .contains("you're not a member of #launch, so I can't post there for you; join it first");
        assertThat(ask("alice", "#nowhere"))
                .startsWith("Sorry: ")
                .contains("I can't find a channel #nowhere that I can see");
        lucy.slack().archive("launch");
        assertThat(ask("alice", "#launch")).startsWith("Sorry: ").contains("#launch is archived");
        assertThat(lucy.app().engine().schedules().all()).isEmpty();
    }

    @Test
    void a_creator_who_left_the_channel_gets_the_schedule_paused_and_one_direct_message_saying_why() {
        Schedule schedule = createInLaunch();
        lucy.slack().removeFromChannel("launch", "alice");

        runNextTime(schedule);
        Scheduler scheduler = lucy.app().engine().scheduler();
        clock.advance(Duration.ofDays(7));
        assertThat(scheduler.check()).isZero();

        assertThat(lucy.app()
                        .engine()
                        .schedules()
                        .find(schedule.id())
                        .orElseThrow()
                        .state())
                .isEqualTo(Schedule.State.PAUSED);
        assertThat(headlinesIn("launch")).isEmpty();
        SlackMessage dm = lucy.slack()
                .await(
                        "a direct message to alice",
                        LucyE2E.WAIT,
                        () -> directMessagesTo("alice").stream().findFirst());
        assertThat(dm.text())
                .contains("I paused your schedule 'post the open tasks of Launch'")
                .contains("you're no longer a member of #launch");
        assertThat(directMessagesTo("alice")).hasSize(1);
        assertThat(scheduler.paused(Scheduler.PauseReason.LOST_ACCESS)).isEqualTo(1);
    }

    @Test
    void an_archived_channel_or_one_lucy_was_removed_from_pauses_the_schedule_and_tells_the_creator() {
        Schedule inLaunch = createInLaunch();
        lucy.model().script(request -> model(request, "#secret"));
        SlackMessage ask = lucy.user("alice").mentionsBot(CHANNEL, "every weekday at 9 " + INSTRUCTION + " in #secret");
        assertThat(lucy.awaitAnswer(ask, text -> text.startsWith("Done")).text())
                .startsWith("Done, in #secret.");
        Schedule inSecret = lucy.app().engine().schedules().all().stream()
                .filter(s -> s.conversationId().equals(lucy.slack().channelId("secret")))
                .findFirst()
                .orElseThrow();
        lucy.slack().archive("launch");
        lucy.slack().removeBot("secret"); // a private channel: Slack answers channel_not_found from then on

        runNextTime(inLaunch);

        assertThat(lucy.app().engine().schedules().all())
                .extracting(Schedule::state)
                .containsOnly(Schedule.State.PAUSED);
        assertThat(inSecret.nextRunAt()).isEqualTo(inLaunch.nextRunAt());
        List<String> told = lucy
                .slack()
                .await(
                        "two direct messages to alice",
                        LucyE2E.WAIT,
                        () -> directMessagesTo("alice").size() == 2
                                ? java.util.Optional.of(directMessagesTo("alice"))
                                : java.util.Optional.empty())
                .stream()
                .map(SlackMessage::text)
                .toList();
        assertThat(told)
                .anyMatch(t -> t.contains("#launch was archived"))
                .anyMatch(t -> t.contains("I can no longer see its channel"));
        assertThat(lucy.app().engine().scheduler().paused(Scheduler.PauseReason.LOST_ACCESS))
                .isEqualTo(2);
    }
}

package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Turn;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guard rails of schedules through the bot, in words: a person's limit of schedules and the shortest interval are
 * refused with the limit; nobody but the creator or a workspace admin (Slack's {@code is_admin}) pauses someone's
 * schedule.
 */
class SchedulePermissionsE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = ManualClock.startingAt(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(s -> s.user("alice").user("bob").admin("carol").channel(CHANNEL))
            .app(app -> app.clock(clock)
                    .engine(e -> e.runSchedules(false)
                            .schedules(ScheduleConfig.builder()
                                    .maxPerPerson(1)
                                    .minInterval(Duration.ofHours(1))
                                    .build())));

    /** Calls {@code tool} with {@code args}, then says what it answered: the summary, or the refusal. */
    private String ask(String who, String words, String tool, String args) {
        lucy.model().script((ModelRequest request) -> {
            if (request.toolResults().isEmpty()) {
                return (Turn) Reply.toolCall(tool, args);
            }
            String content = request.toolResults().getFirst().content();
            try {
                JsonNode result = JSON.readTree(content);
                return Reply.text("Done: " + result.path("summary").asText());
            } catch (Exception notJson) {
                return Reply.text("Sorry: " + content);
            }
        });
        SlackMessage ask = lucy.user(who).mentionsBot(CHANNEL, words);
        return lucy.awaitAnswer(ask, text -> text.startsWith("Done") || text.startsWith("Sorry"))
                .text();
    }

    private String create(String who, String cron) {
        return ask(
                who,
                "schedule the open tasks of Launch on " + cron,
                "create_schedule",
                "{\"instruction\":\"post the open tasks of Launch\",\"cron\":\"" + cron + "\"}");
    }

    @Test
    void a_person_past_their_limit_or_below_the_shortest_interval_is_refused_with_the_limit() {
        assertThat(create("alice", "*/10 * * * *"))
                .startsWith("Sorry: ")
                .contains("that runs every 10 minutes; schedules may run at most every 60 minutes");
        assertThat(create("alice", "0 9 * * MON-FRI")).startsWith("Done: Every weekday at 09:00");
        assertThat(create("alice", "0 10 * * MON-FRI"))
                .startsWith("Sorry: ")
                .contains("this person has 1 schedules, the most one person may have");
        assertThat(lucy.app().engine().schedules().all()).hasSize(1);
    }

    @Test
    void only_the_creator_or_a_workspace_admin_pauses_a_schedule() {
        create("alice", "0 9 * * MON-FRI");
        String id = lucy.app().engine().schedules().all().getFirst().id();
        String pause = "{\"id\":\"" + id + "\"}";

        assertThat(ask("bob", "pause alice's schedule", "pause_schedule", pause))
                .startsWith("Sorry: ")
                .contains("only the person who made this schedule or a workspace admin may change it");
        assertThat(lucy.app().engine().schedules().find(id).orElseThrow().state())
                .isEqualTo(Schedule.State.ACTIVE);

        assertThat(ask("carol", "pause alice's schedule", "pause_schedule", pause))
                .startsWith("Done: ")
                .contains("(paused)");
        assertThat(lucy.app().engine().schedules().find(id).orElseThrow().state())
                .isEqualTo(Schedule.State.PAUSED);
    }
}

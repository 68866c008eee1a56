package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.Delivery;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing Slack was told arrived is lost when Lucy stops: the bot runs in a child JVM as {@code ./lucy} runs it,
 * against the Slack simulator and a model that takes its time, and is stopped with a real SIGTERM or SIGKILL while
 * it answers; a new Lucy on the same SQLite file then finishes the work (or apologises when it is too late), and
 * an answer cut off mid-stream is replaced, not repeated.
 */
class RestartE2ETest {
    private static final Duration WAIT = LucyE2E.WAIT;
    private static final String QUESTION = "summarise the incident review for the postmortem";

    private ScratchDirectory data;
    private SlackSimulator slack;
    private HeldModel script;
    private ScriptedModelServer model;
    private BotProcess bot;
    private LucyApp restarted;

    @BeforeEach
    void start() throws IOException {
        data = ScratchDirectory.create("lucy-restart-");
        slack = SlackSimulator.builder().start();
        script = new HeldModel(QUESTION);
        model = ScriptedModelServer.builder().script(script).start();
    }

    @AfterEach
    void stop() throws Exception {
        script.release.countDown();
        BotProcess.stop(bot, restarted, model, slack, data);
    }

    @Test
    void a_sigterm_mid_answer_tells_the_person_and_the_next_start_answers_them() throws Exception {
        startBotProcess();
        SlackMessage asked = slack.user("alice").mentionsBot("general", QUESTION);
        awaitModelAsked();

        bot.process().destroy(); // SIGTERM, as an orchestrator stops a container
        assertThat(bot.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the bot stops by itself")
                .isTrue();
        assertThat(botMessages(asked))
                .as("told within the shutdown deadline")
                .singleElement()
                .satisfies(m -> assertThat(m.text()).contains("pick this up"));
        assertThat(bot.log()).contains("drain 'answers in flight' done").doesNotContain("still running after");

        restart(Clock.systemUTC());
        SlackMessage answer = awaitBotMessage(asked, text -> text.contains("You asked: " + QUESTION));
        assertThat(botMessages(asked)).hasSize(2).last().isEqualTo(answer);
        restarted.shutdown(Duration.ofSeconds(5));
        assertThat(unfinishedEvents()).as("the event is finished once answered").isZero();
        assertThat(questionsAsked()).as("cut once, answered once").isEqualTo(2);
    }

    @Test
    void a_sigkill_after_the_acknowledgement_is_answered_after_the_restart() throws Exception {
        startBotProcess();
        SlackMessage asked = slack.user("alice").mentionsBot("general", QUESTION);
        awaitModelAsked();
        awaitAcknowledged();

        bot.kill(); // no shutdown hook, nothing told, nothing marked
        assertThat(botMessages(asked)).isEmpty();

        restart(Clock.systemUTC());
        awaitBotMessage(asked, text -> text.contains("You asked: " + QUESTION));
        restarted.shutdown(Duration.ofSeconds(5));
        assertThat(botMessages(asked)).as("answered once").hasSize(1);
        assertThat(unfinishedEvents()).isZero();
    }

    @Test
    void an_answer_cut_off_mid_stream_by_a_sigkill_is_replaced_not_repeated() throws Exception {
        script.trickling = true;
        startBotProcess();
        SlackMessage asked = slack.user("alice").mentionsBot("general", QUESTION);
        slack.awaitTrue(
                "the answer to be streaming and the inbox to know where",
                WAIT,
                () -> botMessages(asked).stream().anyMatch(SlackMessage::streaming) && draftsRecorded());

        bot.kill(); // mid-stream: no stop, no mark, the half-written text stays
        SlackMessage halfWritten = botMessages(asked).getFirst();
        assertThat(halfWritten.streaming()).isTrue();

        restart(Clock.systemUTC());
        SlackMessage answer = awaitBotMessage(asked, text -> text.contains("You asked: " + QUESTION));
        assertThat(botMessages(asked)).as("one answer in the thread").containsExactly(answer);
        assertThat(slack.thread(asked))
                .filteredOn(m -> m.ts().equals(halfWritten.ts()))
                .singleElement()
                .satisfies(m -> assertThat(m.deleted()).isTrue());
    }

    @Test
    void an_unanswered_message_too_old_to_pick_up_gets_an_apology_instead_of_a_run() throws Exception {
        startBotProcess();
        SlackMessage asked = slack.user("alice").mentionsBot("general", QUESTION);
        awaitModelAsked();
        awaitAcknowledged();
        bot.kill();

        // The next start comes after LUCY_RESUME_WITHIN (5 minutes by default) has passed.
        restart(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(7)));
        SlackMessage apology = awaitBotMessage(asked, text -> text.contains("too late to pick it up"));
        restarted.shutdown(Duration.ofSeconds(5));
        assertThat(botMessages(asked)).containsExactly(apology);
        assertThat(apology.text()).startsWith("Sorry");
        assertThat(questionsAsked()).as("not run again").isEqualTo(1);
        assertThat(unfinishedEvents()).isZero();
    }

    // ------------------------------------------------------------------ the bot in a JVM of its own

    /** {@code ./lucy} with Slack and model credentials, in a child JVM on this test's class path. */
    private void startBotProcess() throws IOException {
        bot = BotProcess.start(data.path(), slack, model, Map.of("LUCY_SHUTDOWN_DEADLINE", "4s"));
        slack.awaitConnections(1, WAIT);
    }

    // ------------------------------------------------------------------ the restart, in this JVM

    /** A new Lucy on the same data directory (so the same SQLite file), with the model answering at once. */
    private void restart(Clock clock) {
        script.holding = false;
        restarted = BotProcess.inThisJvm(slack, model)
                .dataDirectory(data.path().resolve("data"))
                .clock(clock)
                .build()
                .start();
        slack.awaitTrue("the restarted Lucy to be ready", WAIT, restarted::ready);
    }

    private long unfinishedEvents() {
        return countInbox("");
    }

    /** Whether the bot's inbox says where its answer shows; read beside the running bot, as SQLite allows. */
    private boolean draftsRecorded() {
        try {
            return countInbox(" WHERE drafts IS NOT NULL") > 0;
        } catch (RuntimeException e) {
            return false; // the bot has not made its tables yet
        }
    }

    private long countInbox(String where) {
        try (Database db = Database.open(DatabaseConfig.sqlite(data.path().resolve("data")))) {
            return db.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM runtime_inbox" + where)) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }
    }

    // ------------------------------------------------------------------ what the person sees

    private List<SlackMessage> botMessages(SlackMessage asked) {
        return LucyE2E.botMessages(slack, asked);
    }

    private SlackMessage awaitBotMessage(SlackMessage asked, Predicate<String> wanted) {
        return LucyE2E.awaitBotMessage(slack, asked, wanted);
    }

    private void awaitModelAsked() throws InterruptedException {
        script.awaitAsked("the model to be asked");
    }

    private void awaitAcknowledged() {
        slack.awaitTrue(
                "Slack to have the mention acknowledged",
                WAIT,
                () -> slack.deliveries().stream()
                        .anyMatch(d -> d.type().equals("events_api") && d.outcome() == Delivery.Outcome.ACKED));
    }

    private long questionsAsked() {
        return model.requests().stream()
                .filter(r -> r.lastUserText().orElse("").contains(QUESTION))
                .count();
    }
}

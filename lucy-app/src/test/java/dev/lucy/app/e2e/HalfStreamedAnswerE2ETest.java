package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bot killed while it streams an answer leaves the half-written message in the thread; the next start deletes it
 * before answering, so the person sees one answer. The bot runs in a child JVM as {@code ./lucy} runs it and gets a
 * real SIGKILL; a new Lucy on the same SQLite file takes over.
 */
class HalfStreamedAnswerE2ETest {
    private static final Duration WAIT = LucyE2E.WAIT;
    private static final String QUESTION = "summarise the incident review for the postmortem";

    private ScratchDirectory data;
    private SlackSimulator slack;
    private ScriptedModelServer model;
    private BotProcess bot;
    private LucyApp restarted;

    @BeforeEach
    void start() throws IOException {
        data = ScratchDirectory.create("lucy-half-streamed-");
        slack = SlackSimulator.builder().start();
        AtomicBoolean first = new AtomicBoolean(true);
        model = ScriptedModelServer.builder()
                .script(request -> {
                    Reply answer =
                            Reply.text(E2EModel.answerTo(request.lastUserText().orElse("")));
                    // The first answer comes a few words a second: the bot is killed while it streams.
                    return first.getAndSet(false)
                            ? answer.withChunkSize(12).streamedSlowly(Duration.ofSeconds(2))
                            : answer;
                })
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        BotProcess.stop(bot, restarted, model, slack, data);
    }

    @Test
    void an_answer_cut_off_mid_stream_by_a_sigkill_is_replaced_not_repeated() throws Exception {
        bot = BotProcess.start(data.path(), slack, model, Map.of());
        slack.awaitConnections(1, WAIT);
        SlackMessage asked = slack.user("alice").mentionsBot("general", QUESTION);
        slack.awaitTrue(
                "the answer to be streaming and the inbox to know where",
                WAIT,
                () -> botMessages(asked).stream().anyMatch(SlackMessage::streaming) && draftsRecorded());

        bot.kill(); // mid-stream: no stop, no mark, the half-written text stays
        SlackMessage halfWritten = botMessages(asked).getFirst();
        assertThat(halfWritten.streaming()).isTrue();

        restarted = BotProcess.inThisJvm(slack, model)
                .dataDirectory(data.path().resolve("data"))
                .build()
                .start();
        SlackMessage answer = LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("Here is what I know"));

        assertThat(botMessages(asked)).as("one answer in the thread").containsExactly(answer);
        assertThat(slack.thread(asked))
                .filteredOn(m -> m.ts().equals(halfWritten.ts()))
                .singleElement()
                .satisfies(m -> assertThat(m.deleted()).isTrue());
    }

    private List<SlackMessage> botMessages(SlackMessage asked) {
        return LucyE2E.botMessages(slack, asked);
    }

    /** Whether the bot's inbox row says where its answer shows; read beside the running bot (SQLite allows it). */
    private boolean draftsRecorded() {
        try (Database db = Database.open(DatabaseConfig.sqlite(data.path().resolve("data")))) {
            return db.read(c -> {
                try (ResultSet rows = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM runtime_inbox WHERE drafts IS NOT NULL")) {
                    rows.next();
                    return rows.getLong(1) > 0;
                }
            });
        } catch (RuntimeException e) {
            return false; // not created yet
        }
    }
}

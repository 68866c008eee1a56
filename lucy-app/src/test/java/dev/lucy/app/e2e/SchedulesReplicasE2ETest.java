package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.JdbcScheduleStore;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.TestDatabases;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.ScheduleTiming;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas on one PostgreSQL (the run's embedded server), one a child JVM killed with SIGKILL as soon as the
 * schedules start firing: 200 schedules due at the same moment each run exactly once between the two, and none is
 * lost with the killed one (the other takes over its open claims and its unanswered runs).
 */
class SchedulesReplicasE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CHANNELS = 100;
    private static final int SCHEDULES = 200;

    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private ScratchDirectory scratch;
    private SlackSimulator slack;
    private ScriptedModelServer model;
    private TestDatabases.Coordinates database;
    private BotProcess replicaA;
    private LucyApp replicaB;

    @BeforeEach
    void start() throws IOException {
        scratch = ScratchDirectory.create("lucy-schedule-replicas-");
        SlackSimulator.Builder workspace =
                SlackSimulator.builder().user("alice").user("bob");
        for (int i = 0; i < CHANNELS; i++) {
            workspace.channel("routines-" + i);
        }
        slack = workspace.start();
        model = ScriptedModelServer.builder()
                .script(request -> Reply.text("Done: " + request.lastUserText().orElse("")))
                .start();
        database = databases.fresh();
    }

    @AfterEach
    void stop() throws Exception {
        BotProcess.stop(replicaA, replicaB, model, slack, scratch);
    }

    @Test
    void two_hundred_schedules_due_together_run_once_each_across_two_replicas_one_of_them_killed() throws Exception {
        replicaA = BotProcess.start(
                scratch.path(),
                slack,
                model,
                Map.of(
                        "LUCY_DATABASE_URL", database.jdbcUrl(),
                        "LUCY_INSTANCE", "replica-a",
                        "LUCY_REPLICA_TIMEOUT", "3s",
                        "LUCY_USER_EVENTS_PER_MINUTE", "10000"));
        replicaB = BotProcess.inThisJvm(slack, model)
                .database(postgres())
                .dataDirectory(scratch.path().resolve("data-b"))
                .runtimeConfig(RuntimeConfig.builder()
                        .replicaTimeout(Duration.ofSeconds(3))
                        .userEventsPerMinute(10_000)
                        .build())
                .engine(engine -> engine.instanceName("replica-b"))
                .build()
                .start();
        slack.awaitConnections(2, WAIT);

        Instant due = Instant.now().plusSeconds(3);
        try (Database db = Database.open(postgres())) {
            ScheduleStore store = JdbcScheduleStore.open(db, "test");
            for (int i = 0; i < SCHEDULES; i++) {
                String channel = slack.channelId("routines-" + (i % CHANNELS));
                store.create(Schedule.create(
                        "s" + i,
                        slack.teamId(),
                        slack.user(i % 2 == 0 ? "alice" : "bob").id(),
                        channel + ":1.0",
                        "routine check number " + i,
                        ScheduleTiming.once(due, ZoneId.of("Europe/Lisbon")),
                        Schedule.MissedRuns.RUN_LATEST,
                        Instant.now()));
            }
        }

        // The first run's headline shows that both replicas are firing: kill one of them there.
        slack.await("the first scheduled run", WAIT, () -> headlines().stream().findFirst());
        replicaA.kill();

        slack.awaitTrue("every schedule to be answered", WAIT, () -> answers().size() >= SCHEDULES);
        slack.awaitTrue(
                "replica-b to settle",
                WAIT,
                () -> replicaB.engine().runtime().stats().running() == 0);
        List<String> answers = answers();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            expected.add("Done: routine check number " + i);
        }
        assertThat(answers).as("each schedule answered exactly once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(headlines()).hasSizeGreaterThanOrEqualTo(SCHEDULES);
    }

    /** Lucy's top-level messages announcing a scheduled run, in every channel. */
    private List<SlackMessage> headlines() {
        List<SlackMessage> all = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            slack.messages(slack.channelId("routines-" + i)).stream()
                    .filter(m -> m.fromBot() && m.text().contains("Scheduled: routine check"))
                    .forEach(all::add);
        }
        return all;
    }

    /** The answers of the scheduled runs, in the threads of their headlines. */
    private List<String> answers() {
        return headlines().stream()
                .flatMap(h -> slack.thread(h).stream())
                .filter(m -> m.fromBot() && !m.deleted() && m.text().startsWith("Done: "))
                .map(SlackMessage::text)
                .toList();
    }

    private DatabaseConfig postgres() {
        return DatabaseConfig.builder(database.jdbcUrl()).build();
    }
}

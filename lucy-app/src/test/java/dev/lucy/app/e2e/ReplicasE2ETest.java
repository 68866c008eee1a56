package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.LucyApp;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.TestDatabases;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of Lucy on one PostgreSQL (the run's embedded server): one runs as {@code ./lucy} in a child JVM and
 * is killed with SIGKILL mid-task; the other, in this JVM, notices it went silent, takes its background task over
 * and finishes it, and answers follow-ups in the threads the dead one took part in.
 */
class ReplicasE2ETest {
    private static final Duration WAIT = LucyE2E.WAIT;
    private static final String TASK = "do a deep dive on the churn numbers and write a full report";

    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private ScratchDirectory scratch;
    private SlackSimulator slack;
    private HeldModel script;
    private ScriptedModelServer model;
    private TestDatabases.Coordinates database;
    private BotProcess replicaA;
    private LucyApp replicaB;

    @BeforeEach
    void start() throws IOException {
        scratch = ScratchDirectory.create("lucy-replicas-");
        slack = SlackSimulator.builder().start();
        script = new HeldModel(TASK);
        model = ScriptedModelServer.builder().script(script).start();
        database = databases.fresh();
    }

    @AfterEach
    void stop() throws Exception {
        script.release.countDown();
        BotProcess.stop(replicaA, replicaB, model, slack, scratch);
    }

    @Test
    void a_killed_replicas_task_is_taken_over_and_its_threads_still_answer_without_a_mention() throws Exception {
        replicaA = BotProcess.start(
                scratch.path(),
                slack,
                model,
                Map.of(
                        "LUCY_DATABASE_URL", database.jdbcUrl(),
                        "LUCY_INSTANCE", "replica-a",
                        "LUCY_REPLICA_TIMEOUT", "3s"));
        slack.awaitConnections(1, WAIT);
        SlackMessage asked = slack.user("alice").mentionsBot("general", TASK);
        LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("background"));
        script.awaitAsked("replica-a to work on the task");

        replicaA.kill();
        script.holding = false;
        startReplicaB();

        LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("starting it again from the beginning"));
        LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("You asked: " + TASK));
        slack.awaitTrue("the task to be completed", WAIT, () -> taskRow().equals("COMPLETED/2/replica-b"));

        SlackMessage followUp = slack.user("alice").repliesTo(asked, "and which customers churned most?");
        LucyE2E.awaitBotMessage(slack, asked, text -> text.contains("which customers churned most"));
        assertThat(followUp.text()).doesNotContain("<@");
        assertThat(model.requests())
                .filteredOn(r -> r.lastUserText().orElse("").contains(TASK))
                .as("asked once by each replica: cut on the first, started again on the second")
                .hasSize(2);
    }

    private void startReplicaB() {
        replicaB = BotProcess.inThisJvm(slack, model)
                .database(postgres())
                .dataDirectory(scratch.path().resolve("data-b"))
                .runtimeConfig(RuntimeConfig.builder()
                        .replicaTimeout(Duration.ofSeconds(3))
                        .build())
                .engine(engine -> engine.instanceName("replica-b"))
                .build()
                .start();
        slack.awaitTrue("replica-b to be ready", WAIT, replicaB::ready);
    }

    private DatabaseConfig postgres() {
        return DatabaseConfig.builder(database.jdbcUrl()).build();
    }

    /** The background task's state, attempt and owner, as stored. */
    private String taskRow() {
        try (Database db = Database.open(postgres())) {
            return db.read(c -> {
                try (ResultSet rows =
                        c.createStatement().executeQuery("SELECT state, attempt, owner FROM runtime_tasks")) {
                    return rows.next() ? rows.getString(1) + "/" + rows.getInt(2) + "/" + rows.getString(3) : "";
                }
            });
        }
    }
}

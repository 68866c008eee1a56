package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.TestDatabases;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same scripted conversations, run one after another in one process on SQLite and all at once across two
 * replicas on one PostgreSQL, end the same: the same answers in every thread, the same facts remembered and the same
 * background tasks completed. The model answers from the question alone, so any difference is Lucy's. Answers are
 * compared per thread in the order people see them, though each thread's messages are spread over both replicas at
 * the same instant.
 */
class ReplicaParityTest {
    /** When the people wrote: now, so no message counts as a replay too old to answer. */
    private final Instant sent = Instant.now();

    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private final List<AutoCloseable> open = new ArrayList<>();
    private ScriptedModelServer model;
    private ScratchDirectory scratch;

    @BeforeEach
    void start() {
        scratch = ScratchDirectory.create("lucy-parity-");
        model = ScriptedModelServer.builder()
                .script(request ->
                        Reply.text("Answer to: " + request.lastUserText().orElse("")))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        model.close();
        scratch.close();
    }

    /** Three threads with follow-ups, a fact to remember and a background task, in the order a team wrote them. */
    private List<InboundEvent> conversations() {
        Map<String, List<String>> threads = new LinkedHashMap<>();
        threads.put("C1:1.0", List.of("remember our Q1 target is $800K", "what is our Q1 target?"));
        threads.put("C2:1.0", List.of("when does the design review start?", "and who runs the design review?"));
        threads.put("C3:1.0", List.of("do a deep dive on churn and write a full report"));
        threads.put("C4:1.0", List.of("what is on the release calendar?", "and which release is next?"));
        List<InboundEvent> events = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<String>> thread : threads.entrySet()) {
            for (String text : thread.getValue()) {
                n++;
                events.add(new InboundEvent(
                        "Ev" + n,
                        new Caller("T1", "U" + (n % 2), thread.getKey()),
                        "1.0000" + n,
                        text,
                        sent.plusMillis(n)));
            }
        }
        return events;
    }

    @Test
    void one_process_one_after_another_and_two_replicas_all_at_once_end_the_same() {
        RecordingPort single = new RecordingPort();
        LucyEngine alone =
                engine("lucy-1", single, DatabaseConfig.sqlite(scratch.path().resolve("single")));
        for (InboundEvent event : conversations()) {
            alone.submit(event);
            awaitSettled(alone);
        }
        Outcome sequential = outcome(alone, single);
        assertThat(sequential.answers().values().stream().mapToInt(List::size).sum())
                .as("every message answered in one process")
                .isEqualTo(conversations().size());

        RecordingPort slack = new RecordingPort(); // one workspace, seen by both replicas
        DatabaseConfig shared =
                DatabaseConfig.builder(databases.fresh().jdbcUrl()).build();
        LucyEngine a = engine("replica-a", slack, shared);
        LucyEngine b = engine("replica-b", slack, shared);
        List<InboundEvent> events = conversations();
        for (int i = 0; i < events.size(); i++) {
            (i % 2 == 0 ? a : b).submit(events.get(i));
        }
        RecordingPort.await(
                () -> answers(slack).values().stream().mapToInt(List::size).sum() >= events.size(),
                "the replicas to give every answer");
        awaitSettled(a);
        awaitSettled(b);
        Outcome together = outcome(a, slack);

        assertThat(together.answers()).isEqualTo(sequential.answers());
        assertThat(together.facts()).isEqualTo(sequential.facts()).isNotEmpty();
        assertThat(together.tasks()).isEqualTo(sequential.tasks()).containsValue("COMPLETED");
    }

    private record Outcome(Map<String, List<String>> answers, List<String> facts, Map<String, String> tasks) {}

    private Outcome outcome(LucyEngine engine, RecordingPort... ports) {
        return new Outcome(answers(ports), facts(engine), tasks(engine.database()));
    }

    /** Per thread, the answers people see (posted, or a progress note edited into one), in the order shown. */
    private static Map<String, List<String>> answers(RecordingPort... ports) {
        Map<String, List<String>> answers = new TreeMap<>();
        for (RecordingPort port : ports) {
            for (RecordingPort.Call call : port.calls()) {
                String text = switch (call) {
                    case RecordingPort.Post p -> p.text();
                    case RecordingPort.Update u -> u.text();
                    default -> "";
                };
                if (text.startsWith("Answer to: ")) {
                    String conversation = switch (call) {
                        case RecordingPort.Post p -> p.conversationId();
                        case RecordingPort.Update u -> u.conversationId();
                        default -> "";
                    };
                    answers.computeIfAbsent(conversation, c -> new ArrayList<>())
                            .add(text);
                }
            }
        }
        answers.replaceAll((conversation, texts) -> texts.stream().distinct().toList());
        return answers;
    }

    private static List<String> facts(LucyEngine engine) {
        return engine.memoryAdmin().list(FactQuery.workspace("T1")).stream()
                .map(Fact::text)
                .sorted()
                .toList();
    }

    /** Each background task's request and final state. */
    private static Map<String, String> tasks(Database database) {
        return database.read(c -> {
            try (ResultSet rows = c.createStatement().executeQuery("SELECT request, state FROM runtime_tasks")) {
                Map<String, String> tasks = new TreeMap<>();
                while (rows.next()) {
                    tasks.put(rows.getString(1), rows.getString(2));
                }
                return tasks;
            }
        });
    }

    private static void awaitSettled(LucyEngine engine) {
        RecordingPort.await(
                () -> {
                    var stats = engine.runtime().stats();
                    return stats.running() == 0
                            && stats.queued() == 0
                            && tasks(engine.database()).values().stream().noneMatch(s -> !s.equals("COMPLETED"));
                },
                "the engine to settle");
    }

    private LucyEngine engine(String name, RecordingPort port, DatabaseConfig databaseConfig) {
        Database database = Database.open(databaseConfig);
        open.add(database);
        OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(
                ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
        open.add(client);
        LucyEngine engine = LucyEngine.builder(port, client, database)
                .instanceName(name)
                .build()
                .start();
        open.add(() -> engine.shutdown(Duration.ofSeconds(5)));
        return engine;
    }
}

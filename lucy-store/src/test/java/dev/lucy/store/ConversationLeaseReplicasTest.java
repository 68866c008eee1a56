package dev.lucy.store;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.runtime.AgentRunHandler;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ModelServerExtension;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.RequestOverlaps;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of the runtime on one embedded PostgreSQL, each with its own inbox, leases and connection pool, the
 * agent calling the scripted model server over HTTP: what two Lucy processes sharing a database do.
 */
class ConversationLeaseReplicasTest {
    @RegisterExtension
    static final ModelServerExtension MODEL = new ModelServerExtension();

    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    private final List<LucyRuntime> replicas = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Inbox firstInbox;

    @AfterEach
    void stopReplicas() {
        replicas.forEach(replica -> replica.shutdown(Duration.ofSeconds(5)));
    }

    /** A replica named {@code name} on the test's database, answering through {@code port}. */
    private LucyRuntime replica(String name, RecordingPort port, RuntimeObserver observer) {
        Database database = replicas.isEmpty() ? databases.fresh() : databases.again();
        Inbox inbox = JdbcInbox.open(database, name, RuntimeConfig.DEFAULT_DEDUP_TTL, clock);
        if (firstInbox == null) {
            firstInbox = inbox;
        }
        Agent agent = Agent.builder()
                .model(MODEL.client())
                .systemPrompt("You are Lucy.")
                .build();
        LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(AgentRunHandler.of(tier -> agent, port))
                .inbox(inbox)
                .leases(JdbcConversationLeases.open(database, clock), name)
                .clock(clock)
                .observer(observer)
                .build()
                .start();
        replicas.add(runtime);
        return runtime;
    }

    /** A message in {@code thread}, received a millisecond after the one before. */
    private InboundEvent message(String thread, String text) {
        int id = ids.incrementAndGet();
        clock.advance(Duration.ofMillis(1));
        return new InboundEvent("Ev" + id, new Caller("T1", "U1", thread), "1.0" + id, text, clock.instant());
    }

    /** The thread a model request is about: its message starts with the thread's tag, "[t1] ...". */
    private static Optional<String> threadOf(dev.lucy.testkit.model.ModelRequest request) {
        return request.lastUserText()
                .filter(text -> text.startsWith("["))
                .map(text -> text.substring(1, text.indexOf(']')));
    }

    @Test
    void follow_ups_delivered_to_two_replicas_never_overlap_at_the_model_and_are_answered_in_arrival_order(
            ScriptedModelServer server) {
        server.latency(Latency.fixed(Duration.ofMillis(60)));
        RequestOverlaps overlaps = RequestOverlaps.by(ConversationLeaseReplicasTest::threadOf);
        server.track(overlaps);
        RecordingPort port = new RecordingPort();
        List<LucyRuntime> both = List.of(
                replica("lucy-1", port, RuntimeObserver.none()), replica("lucy-2", port, RuntimeObserver.none()));

        List<String> threads = List.of("t1", "t2", "t3");
        List<String> questions = List.of(
                "why did the deploy fail?",
                "was it the database migration?",
                "can we roll it back today?",
                "who should I tell about it?");
        int delivered = 0;
        for (String question : questions) {
            for (String thread : threads) {
                // Each follow-up reaches the other replica than the one before in its thread, as Slack's sockets do.
                both.get(delivered++ % 2).submit(message("C:" + thread, "[" + thread + "] " + question));
            }
        }

        for (String thread : threads) {
            assertThat(port.awaitPosts("C:" + thread, questions.size()))
                    .as("answers in %s", thread)
                    .containsExactlyElementsOf(questions.stream()
                            .map(q -> "You said: [" + thread + "] " + q)
                            .toList());
        }
        assertThat(overlaps.overlapping())
                .as("requests of one thread at the model at once")
                .isZero();
        for (String thread : threads) {
            RecordingPort.await(() -> firstInbox.queuedRuns("C:" + thread).isEmpty(), "runs finished in " + thread);
            assertThat(port.posts("C:" + thread)).hasSize(questions.size());
        }
        assertThat(server.requestCount()).isEqualTo(threads.size() * questions.size());
    }

    @Test
    void a_replica_whose_lease_ran_out_cannot_post_after_another_took_over(ScriptedModelServer server)
            throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        server.script(request -> {
            if (first.getAndSet(false)) {
                paused.countDown();
                await(resume); // the first replica's model call hangs while the replica is paused
            }
            return Reply.text("answer to " + request.lastUserText().orElse(""));
        });
        RecordingPort firstPort = new RecordingPort();
        RecordingPort secondPort = new RecordingPort();
        CountDownLatch firstRunEnded = new CountDownLatch(1);
        LucyRuntime one = replica("lucy-1", firstPort, new RuntimeObserver() {
            @Override
            public void runFinished(Priority priority, Duration took, boolean failed) {
                firstRunEnded.countDown();
            }
        });
        LucyRuntime two = replica("lucy-2", secondPort, RuntimeObserver.none());

        one.submit(message("C:t1", "why did the deploy fail?"));
        await(paused);
        clock.advance(RuntimeConfig.DEFAULT_LEASE_TTL.plusSeconds(1)); // lucy-1 paused longer than its lease
        two.submit(message("C:t1", "is it fixed yet?"));

        assertThat(secondPort.awaitPosts("C:t1", 2))
                .containsExactly("answer to why did the deploy fail?", "answer to is it fixed yet?");
        resume.countDown(); // lucy-1 wakes up with its answer
        await(firstRunEnded);
        assertThat(firstPort.posts("C:t1")).isEmpty();
        RecordingPort.await(() -> firstInbox.queuedRuns("C:t1").isEmpty(), "both runs finished by lucy-2");
        assertThat(secondPort.posts("C:t1")).hasSize(2);
    }
}

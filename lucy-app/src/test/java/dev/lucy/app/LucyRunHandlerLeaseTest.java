package dev.lucy.app;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.runtime.ConversationLeases;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Inbox;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.ThreadMemory;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.memory.spi.ThreadHistory;
import dev.lucy.slack.ProgressNarrator;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bot's run handler under a conversation lease: two runtimes in one process share an inbox and the leases (in
 * memory), as two replicas share them in PostgreSQL. A replica whose lease ran out during a long model call must not
 * post its late answer, nor its progress, nor remember what was said, once the other replica took over.
 */
class LucyRunHandlerLeaseTest {
    private static final String THREAD = "C1:1700000000.000100";

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    private final Inbox inbox = Inbox.inMemory(Duration.ofHours(2), clock);
    private final ConversationLeases leases = ConversationLeases.inMemory(clock);
    private final ScriptedModelServer model = ScriptedModelServer.start();
    private final OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(
            ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
    private final List<LucyRuntime> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
        client.close();
        model.close();
    }

    private LucyRuntime replica(String name, RecordingPort port, MemoryAdminStore facts, RuntimeObserver observer) {
        return replica(name, port, facts, observer, RuntimeConfig.defaults());
    }

    private LucyRuntime replica(
            String name, RecordingPort port, MemoryAdminStore facts, RuntimeObserver observer, RuntimeConfig config) {
        Agent agent =
                Agent.builder().model(client).systemPrompt("You are Lucy.").build();
        LucyRunHandler handler = new LucyRunHandler(
                tier -> agent,
                port,
                ThreadMemory.builder(ThreadHistory.none()).build(),
                SessionMemory.builder(facts).clock(clock).build(),
                ProgressNarrator.create(new Random(1)),
                RuntimeNotices.defaults(),
                conversation -> false,
                AgentObserver.ignoring(),
                UnaryOperator.identity(),
                event -> true,
                (conversation, awaiting) -> {},
                clock);
        LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(handler)
                .inbox(inbox)
                .leases(leases, name)
                .clock(clock)
                .observer(observer)
                .config(config)
                .build()
                .start();
        replicas.add(runtime);
        return runtime;
    }

    private InboundEvent message(String id, String text) {
        clock.advance(Duration.ofMillis(1));
        return new InboundEvent(id, new Caller("T1", "U1", THREAD), "1.0" + id, text, clock.instant());
    }

    @Test
    void a_replica_that_lost_the_conversation_posts_nothing_and_remembers_nothing_after_the_other_took_over() {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        model.script(request -> {
            if (first.getAndSet(false)) {
                paused.countDown();
                await(resume);
            }
            return Reply.text("Noted: the launch is on May 2.");
        });
        RecordingPort firstPort = new RecordingPort();
        RecordingPort secondPort = new RecordingPort();
        MemoryAdminStore firstFacts = MemoryStore.inMemory();
        CountDownLatch firstRunEnded = new CountDownLatch(1);
        LucyRuntime one = replica("lucy-1", firstPort, firstFacts, new RuntimeObserver() {
            @Override
            public void runFinished(Priority priority, Duration took, boolean failed) {
                firstRunEnded.countDown();
            }
        });
        MemoryAdminStore secondFacts = MemoryStore.inMemory();
        LucyRuntime two = replica("lucy-2", secondPort, secondFacts, RuntimeObserver.none());

        one.submit(message("Ev1", "Our team decided to launch on May 2 with the new pricing page"));
        await(paused);
        clock.advance(RuntimeConfig.DEFAULT_LEASE_TTL.plusSeconds(1)); // lucy-1 paused longer than its lease
        two.submit(message("Ev2", "and what is the launch date again?"));

        assertThat(secondPort.awaitPosts(THREAD, 2)).allMatch(post -> post.contains("May 2"));
        resume.countDown();
        await(firstRunEnded);
        assertThat(firstPort.posts(THREAD)).isEmpty();
        assertThat(secondFacts.list(FactQuery.workspace("T1"))).isNotEmpty(); // the message states a fact
        assertThat(firstFacts.list(FactQuery.workspace("T1"))).isEmpty();
    }

    @Test
    void a_run_stopped_because_its_lease_ran_out_remembers_nothing() {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        model.script(request -> {
            asked.countDown();
            await(never); // the model call hangs until the run is stopped
            return Reply.text("Noted.");
        });
        RecordingPort port = new RecordingPort();
        MemoryAdminStore facts = MemoryStore.inMemory();
        CountDownLatch runEnded = new CountDownLatch(1);
        LucyRuntime one = replica(
                "lucy-1",
                port,
                facts,
                new RuntimeObserver() {
                    @Override
                    public void runFinished(Priority priority, Duration took, boolean failed) {
                        runEnded.countDown();
                    }
                },
                RuntimeConfig.builder().leaseTtl(Duration.ofMillis(300)).build()); // renewed every 100 ms

        one.submit(message("Ev1", "Our team decided to launch on May 2 with the new pricing page"));
        await(asked);
        clock.advance(Duration.ofSeconds(1)); // paused past its lease: the next renewal finds it lost
        await(runEnded);

        assertThat(port.posts(THREAD)).isEmpty();
        assertThat(facts.list(FactQuery.workspace("T1"))).isEmpty();
        never.countDown();
    }
}

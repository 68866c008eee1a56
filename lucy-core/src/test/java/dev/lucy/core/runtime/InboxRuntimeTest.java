package dev.lucy.core.runtime;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.fake.RecordingPort.Delete;
import dev.lucy.testkit.fake.RecordingPort.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime over an inbox that outlives it: what a person sees when a shutdown cuts their run, when the next start
 * picks it up, and when it is too late to.
 */
class InboxRuntimeTest {
    private static final RuntimeNotices SAYS = RuntimeNotices.defaults();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    /** Shared by every runtime of a test, as one database is by the processes of one instance. */
    private final Inbox kept = durable(Inbox.inMemory(Duration.ofHours(2), clock));

    private final RecordingPort port = new RecordingPort();
    private final List<LucyRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void stop() {
        runtimes.forEach(runtime -> runtime.shutdown(Duration.ofSeconds(5)));
    }

    private LucyRuntime start(Inbox inbox, RunHandler handler) {
        LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(handler)
                .clock(clock)
                .inbox(inbox)
                .build();
        runtimes.add(runtime);
        return runtime.start();
    }

    /**
     * Stops {@code runtime} and asserts that {@link #kept} has nothing left for a next start. A run records its finish
     * just after its answer shows, and {@code resume()} takes what is unfinished for itself, so it is read once the
     * runtime has stopped, never polled.
     */
    private void assertNothingLeftAfterStopping(LucyRuntime runtime, String what) {
        runtime.shutdown(Duration.ofSeconds(5));
        assertThat(kept.resume()).as(what).isEmpty();
    }

    private InboundEvent question(String id, String conversation, String text) {
        return new InboundEvent(id, new Caller("T1", "U1", conversation), "ts-" + id, text, clock.instant());
    }

    /** Answers "answer to: TEXT" and counts its runs. */
    private RunHandler answering(List<String> ran) {
        return request -> {
            ran.add(request.event().text());
            port.post(
                    request.event().conversationId(),
                    "answer to: " + request.event().text());
        };
    }

    /**
     * A runtime on {@code inbox} whose run of "summarise the incident review" in C1 has started and blocks until the
     * runtime interrupts it.
     */
    private LucyRuntime workingOnTheIncidentReview(Inbox inbox) throws InterruptedException {
        CountDownLatch working = new CountDownLatch(1);
        LucyRuntime runtime = start(inbox, request -> {
            working.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runtime.submit(question("Ev1", "C1", "summarise the incident review"));
        working.await();
        return runtime;
    }

    @Test
    void a_run_cut_by_a_shutdown_is_told_so_and_answered_by_the_next_start() throws Exception {
        LucyRuntime first = workingOnTheIncidentReview(kept);

        first.shutdown(Duration.ofMillis(400));
        assertThat(port.posts("C1")).containsExactly(SAYS.restarting());

        List<String> ran = new CopyOnWriteArrayList<>();
        LucyRuntime second = start(kept, answering(ran));
        port.awaitPosts("C1", 2);
        assertThat(port.posts("C1")).containsExactly(SAYS.restarting(), "answer to: summarise the incident review");
        assertThat(ran).containsExactly("summarise the incident review");
        assertNothingLeftAfterStopping(second, "finished once answered");
    }

    @Test
    void runs_still_queued_at_shutdown_are_told_and_answered_by_the_next_start() throws Exception {
        LucyRuntime first = workingOnTheIncidentReview(kept);
        // Same conversation: waits behind the stuck run.
        assertThat(first.submit(question("Ev2", "C1", "and list the action items")))
                .isInstanceOf(Admission.Queued.class);

        first.shutdown(Duration.ofMillis(400));
        assertThat(port.posts("C1")).containsExactly(SAYS.restarting(), SAYS.restarting());

        List<String> ran = new CopyOnWriteArrayList<>();
        start(kept, answering(ran));
        port.awaitPosts("C1", 4);
        assertThat(ran).containsExactly("summarise the incident review", "and list the action items");
    }

    @Test
    void an_answered_event_is_not_run_again_by_the_next_start() {
        List<String> ran = new CopyOnWriteArrayList<>();
        LucyRuntime first = start(kept, answering(ran));
        first.submit(question("Ev1", "C1", "what changed in the release?"));
        first.submit(question("Ev2", "C2", "hi lucy!"));
        port.awaitPosts("C1", 1);
        port.awaitPosts("C2", 1);
        first.shutdown(Duration.ofSeconds(5));

        start(kept, answering(ran)).shutdown(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("what changed in the release?");
        assertThat(port.totalPosts()).isEqualTo(2);
    }

    @Test
    void an_event_whose_answer_shows_but_was_not_recorded_is_not_answered_again() {
        // A process showed its answers and died before recording either; only one carried the answer's mark.
        kept.receive(question("Ev1", "C1", "what changed in the release?"));
        kept.receive(question("Ev2", "C2", "and in the one before?"));
        port.postAnswer("C1", "Ev1", "answer to: what changed in the release?");
        port.post("C2", "answer to: and in the one before?");

        List<String> ran = new CopyOnWriteArrayList<>();
        LucyRuntime runtime = start(kept, answering(ran));
        port.awaitPosts("C2", 2);
        assertNothingLeftAfterStopping(runtime, "both events finished");
        assertThat(ran).containsExactly("and in the one before?");
        assertThat(port.posts("C1")).containsExactly("answer to: what changed in the release?");
    }

    @Test
    void an_answer_a_process_died_while_streaming_is_removed_before_the_next_start_answers() {
        // A process began streaming its answer, recorded where, and died before finishing it.
        InboxEntry entry =
                ((Inbox.Receipt.Received) kept.receive(question("Ev1", "C1", "draft the release notes"))).entry();
        String halfWritten =
                port.startStream("C1", "Here are the rel").messageId().orElseThrow();
        kept.drafted(entry, halfWritten);

        LucyRuntime runtime = start(kept, answering(new CopyOnWriteArrayList<>()));

        assertThat(port.awaitPosts("C1", 1)).containsExactly("answer to: draft the release notes");
        assertNothingLeftAfterStopping(runtime, "the answer finished the event");
        assertThat(port.calls("C1"))
                .filteredOn(call -> call instanceof Delete || call instanceof Post)
                .containsExactly(
                        new Delete("C1", halfWritten), port.posted("C1").getFirst());
    }

    @Test
    void a_run_that_shows_its_answer_unfinished_records_where_for_the_next_attempt() throws Exception {
        CountDownLatch drafted = new CountDownLatch(1);
        LucyRuntime runtime = start(kept, request -> {
            request.drafting("ts-draft");
            drafted.countDown();
            try {
                new CountDownLatch(1).await(); // stopped here, its answer half shown
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runtime.submit(question("Ev1", "C1", "draft the release notes"));
        drafted.await();
        runtime.shutdown(Duration.ofMillis(400));

        assertThat(kept.resume()).singleElement().extracting(InboxEntry::drafts).isEqualTo(List.of("ts-draft"));
    }

    @Test
    void an_event_left_unfinished_too_long_ago_gets_an_apology_instead_of_a_run() {
        // A process received it and died before answering (nothing told, nothing finished).
        kept.receive(question("Ev1", "C1", "draft the release notes"));
        clock.advance(RuntimeConfig.DEFAULT_RESUME_WITHIN.plusSeconds(1));

        AtomicInteger runs = new AtomicInteger();
        LucyRuntime runtime = start(kept, request -> runs.incrementAndGet());
        assertThat(port.awaitPosts("C1", 1)).containsExactly(SAYS.notResumed());
        assertNothingLeftAfterStopping(runtime, "the apology finished the event");
        assertThat(runs).hasValue(0);
    }

    @Test
    void an_event_taken_too_often_gets_an_apology_instead_of_another_run() {
        kept.receive(question("Ev1", "C1", "draft the release notes"));
        for (int attempt = 2; attempt <= LucyRuntime.MAX_ATTEMPTS; attempt++) {
            kept.resume(); // each start that took it died again before answering
        }

        AtomicInteger runs = new AtomicInteger();
        start(kept, request -> runs.incrementAndGet());
        assertThat(port.awaitPosts("C1", 1)).containsExactly(SAYS.notResumed());
        assertThat(runs).hasValue(0);
    }

    @Test
    void an_event_left_unfinished_recently_is_run_again_at_start() {
        kept.receive(question("Ev1", "C1", "draft the release notes"));
        clock.advance(RuntimeConfig.DEFAULT_RESUME_WITHIN.minusSeconds(1));

        List<String> ran = new CopyOnWriteArrayList<>();
        LucyRuntime runtime = start(kept, answering(ran));
        assertThat(port.awaitPosts("C1", 1)).containsExactly("answer to: draft the release notes");
        assertNothingLeftAfterStopping(runtime, "the answer finished the event");
    }

    @Test
    void without_a_durable_inbox_a_cut_run_asks_the_person_to_ask_again() throws Exception {
        Inbox inMemory = Inbox.inMemory(Duration.ofHours(2), clock);
        LucyRuntime runtime = workingOnTheIncidentReview(inMemory);

        runtime.shutdown(Duration.ofMillis(400));
        assertThat(port.posts("C1")).containsExactly(SAYS.droppedAtShutdown());
        assertThat(inMemory.resume()).isEmpty();
    }

    @Test
    void a_message_arriving_while_stopping_is_kept_for_the_next_start() throws Exception {
        LucyRuntime first = workingOnTheIncidentReview(kept);
        Thread stopping = Thread.ofVirtual().start(() -> first.shutdown(Duration.ofMillis(600)));
        await(() -> !first.stats().accepting(), "the runtime to stop accepting");
        assertThat(first.submit(question("Ev2", "C2", "and the deploy status?")))
                .isInstanceOf(Admission.ShuttingDown.class);
        stopping.join();
        assertThat(port.posts("C2")).containsExactly(SAYS.restarting());

        List<String> ran = new CopyOnWriteArrayList<>();
        start(kept, answering(ran));
        port.awaitPosts("C2", 2);
        port.awaitPosts("C1", 2);
        assertThat(ran).containsExactlyInAnyOrder("summarise the incident review", "and the deploy status?");
    }

    /** The in-memory inbox, saying it is durable: shared by the runtimes of a test, it outlives each of them. */
    private static Inbox durable(Inbox inbox) {
        return new ForwardingInbox(inbox) {
            @Override
            public boolean durable() {
                return true;
            }
        };
    }
}

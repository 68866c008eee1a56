package dev.lucy.core.runtime;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.ConversationPort;
import dev.lucy.testkit.fake.RecordingPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LucyRuntimeTest extends RuntimeFixture {
    /** Answers each run by posting "answer to: TEXT", so transcripts show what ran, where and in what order. */
    private RunHandler echo() {
        return request -> port.post(
                request.event().conversationId(),
                "answer to: " + request.event().text());
    }

    /** The recording port, with {@code beforePost} (conversation, text) run before each post goes through. */
    private ConversationPort postingAfter(BiConsumer<String, String> beforePost) {
        return holding(beforePost, emoji -> {});
    }

    /**
     * The recording port, with {@code beforePost} (conversation, text) run before each post and {@code beforeReact}
     * (emoji) before each reaction goes through.
     */
    private ConversationPort holding(BiConsumer<String, String> beforePost, Consumer<String> beforeReact) {
        return new ConversationPort() {
            @Override
            public String post(String conversationId, String text) {
                beforePost.accept(conversationId, text);
                return port.post(conversationId, text);
            }

            @Override
            public void update(String conversationId, String messageId, String text) {
                port.update(conversationId, messageId, text);
            }

            @Override
            public void react(String conversationId, String messageId, String emoji) {
                beforeReact.accept(emoji);
                port.react(conversationId, messageId, emoji);
            }
        };
    }

    @Test
    void a_redelivered_event_submitted_from_many_threads_at_once_runs_exactly_once() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        start(request -> runs.incrementAndGet(), RuntimeConfig.defaults());
        InboundEvent event = message("T1", "U1", "C1", "summarise yesterday's incident review please");
        List<Admission> admissions = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                threads.execute(() -> {
                    await(go);
                    admissions.add(runtime.submit(event));
                });
            }
            go.countDown();
        }
        await(() -> runs.get() == 1, "the one run");
        assertThat(admissions).hasSize(64);
        assertThat(admissions).filteredOn(a -> a instanceof Admission.Duplicate).hasSize(63);
        runtime.shutdown(Duration.ofSeconds(5));
        assertThat(runs).hasValue(1);
    }

    @Test
    void the_same_message_under_another_event_id_is_a_duplicate() {
        start(echo(), RuntimeConfig.defaults());
        InboundEvent first = message("T1", "U1", "C1", "what changed in the last release?");
        InboundEvent again = new InboundEvent("Other", first.caller(), first.messageId(), first.text(), first.sentAt());
        assertThat(runtime.submit(first)).isInstanceOf(Admission.Accepted.class);
        assertThat(runtime.submit(again)).isInstanceOf(Admission.Duplicate.class);
        port.awaitPosts("C1", 1);
        runtime.shutdown(Duration.ofSeconds(5));
        assertThat(port.posts("C1")).containsExactly("answer to: what changed in the last release?");
    }

    @Test
    void events_older_than_the_age_limit_are_ignored() {
        start(echo(), RuntimeConfig.builder().maxEventAge(Duration.ofMinutes(5)).build());
        InboundEvent old = message("T1", "U1", "C1", "what changed in the last release?");
        clock.advance(Duration.ofMinutes(6));
        assertThat(runtime.submit(old)).isEqualTo(new Admission.Stale(Duration.ofMinutes(6)));
        runtime.shutdown(Duration.ofSeconds(5));
        assertThat(port.totalPosts()).isZero();
    }

    @Test
    void greetings_and_help_are_answered_without_the_agent() {
        AtomicInteger runs = new AtomicInteger();
        start(request -> runs.incrementAndGet(), RuntimeConfig.defaults());
        assertThat(runtime.submit(message("T1", "U1", "C1", "hi lucy!"))).isInstanceOf(Admission.Accepted.class);
        assertThat(runtime.submit(message("T1", "U1", "C2", "what can you do?")))
                .isInstanceOf(Admission.Accepted.class);
        port.awaitPosts("C1", 1);
        port.awaitPosts("C2", 1);
        assertThat(runs).hasValue(0);
        assertThat(port.posts("C2").get(0)).contains("remember");
    }

    @Test
    void a_greeting_is_answered_while_earlier_quick_replies_are_stuck_in_a_slow_port() {
        CountDownLatch slowPortReleased = new CountDownLatch(1);
        ConversationPort slowForSome = postingAfter((conversationId, text) -> {
            if (conversationId.startsWith("Slow")) {
                await(slowPortReleased);
            }
        });
        start(b -> b.port(slowForSome).handler(echo()));
        try {
            // More stuck replies than the runtime has threads of its own for quick replies.
            for (int i = 0; i < 10; i++) {
                assertThat(runtime.submit(message("T1", "U" + i, "Slow" + i, "hi lucy!")))
                        .isInstanceOf(Admission.Accepted.class);
            }
            assertThat(runtime.submit(message("T1", "U-fast", "Fast", "hi lucy!")))
                    .isInstanceOf(Admission.Accepted.class);

            port.awaitPosts("Fast", 1);
            assertThat(port.posts("Slow0")).isEmpty();
        } finally {
            slowPortReleased.countDown();
        }
        for (int i = 0; i < 10; i++) {
            port.awaitPosts("Slow" + i, 1);
        }
    }

    @Test
    void thank_yous_waiting_for_their_reactions_leave_the_quick_platform_threads_to_greetings() {
        CountDownLatch reactionsAllowed = new CountDownLatch(1);
        Map<String, String> postedBy = new ConcurrentHashMap<>();
        start(b -> b.port(holding(
                        (conversationId, text) -> postedBy.put(
                                conversationId, Thread.currentThread().getName()),
                        emoji -> await(reactionsAllowed)))
                // a platform's rule, as lucy-slack's: a thank-you is answered with an emoji
                .triage((event, view) -> event.text().startsWith("thanks")
                        ? new TriageDecision.ReactOnly("pray")
                        : Triage.defaults().classify(event, view))
                .handler(echo()));
        try {
            // More thank-yous waiting for Slack's reaction budget than the runtime has platform threads.
            for (int i = 0; i < 10; i++) {
                assertThat(runtime.submit(message("T1", "U" + i, "Thanks" + i, "thanks!")))
                        .isInstanceOf(Admission.Accepted.class);
            }
            assertThat(runtime.submit(message("T1", "U-hi", "Hi", "hi lucy!"))).isInstanceOf(Admission.Accepted.class);

            port.awaitPosts("Hi", 1);
            assertThat(postedBy.get("Hi"))
                    .as("the greeting's reply had a platform thread, not a virtual one competing with agent runs")
                    .startsWith("lucy-quick-")
                    .doesNotStartWith("lucy-quick-v-");
        } finally {
            reactionsAllowed.countDown();
        }
        for (int i = 0; i < 10; i++) {
            String thanked = "Thanks" + i;
            RecordingPort.await(() -> port.reactions(thanked).size() == 1, "the reaction in " + thanked);
        }
    }

    @Test
    void messages_of_one_conversation_run_one_at_a_time_in_arrival_order_under_load() {
        int conversations = 40;
        int perConversation = 10;
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        start(
                request -> {
                    String conversation = request.event().conversationId();
                    if (inFlight.computeIfAbsent(conversation, k -> new AtomicInteger())
                                    .incrementAndGet()
                            > 1) {
                        overlaps.incrementAndGet();
                    }
                    Thread.yield();
                    seen.computeIfAbsent(conversation, k -> new CopyOnWriteArrayList<>())
                            .add(request.event().text());
                    inFlight.get(conversation).decrementAndGet();
                },
                RuntimeConfig.builder().maxConcurrentRuns(8).build());
        for (int i = 0; i < perConversation; i++) {
            for (int c = 0; c < conversations; c++) {
                runtime.submit(message("T" + (c % 3), "U" + c, "C" + c, "question number " + i + " about the roadmap"));
            }
        }
        await(() -> seen.values().stream().mapToInt(List::size).sum() == conversations * perConversation, "all runs");
        assertThat(overlaps).hasValue(0);
        for (int c = 0; c < conversations; c++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perConversation; i++) {
                expected.add("question number " + i + " about the roadmap");
            }
            assertThat(seen.get("C" + c)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void a_flood_from_one_workspace_does_not_delay_another_workspaces_greeting_or_next_run() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch releaseNext = new CountDownLatch(1);
        List<String> started = new CopyOnWriteArrayList<>();
        start(
                request -> {
                    started.add(request.event().caller().workspaceId());
                    // The first two runs hold the slots; the next two hold them too, so that what starts after the
                    // release is exactly the scheduler's next two picks, not a cascade of runs finishing at once.
                    await(started.size() <= 2 ? release : releaseNext);
                },
                RuntimeConfig.builder().maxConcurrentRuns(2).build());
        for (int i = 0; i < 50; i++) {
            runtime.submit(message("Busy", "U" + i, "B" + i, "please analyse the logs of service number " + i));
        }
        await(() -> started.size() == 2, "the flood to fill every slot");

        assertThat(runtime.submit(message("Quiet", "U1", "Q1", "hello!"))).isInstanceOf(Admission.Accepted.class);
        port.awaitPosts("Q1", 1);

        Admission quietRun = runtime.submit(message("Quiet", "U1", "Q2", "please analyse the quiet service logs"));
        assertThat(quietRun).isInstanceOf(Admission.Queued.class);
        release.countDown();
        await(() -> started.size() >= 4, "the next runs");
        // Workspaces take turns: the quiet workspace's run is among the next two, ahead of 48 busy ones.
        assertThat(List.copyOf(started).subList(2, 4)).contains("Quiet");
        releaseNext.countDown();
    }

    @Test
    void a_burst_beyond_the_queue_bounds_tells_every_rejected_user_and_loses_nothing() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger completed = new AtomicInteger();
        start(
                request -> {
                    await(release);
                    completed.incrementAndGet();
                },
                RuntimeConfig.builder()
                        .maxConcurrentRuns(2)
                        .queueCapacity(10)
                        .workspaceQueueCapacity(10)
                        .build());
        Map<String, Admission> admissions = new ConcurrentHashMap<>();
        for (int i = 0; i < 30; i++) {
            admissions.put("C" + i, runtime.submit(message("T1", "U" + i, "C" + i, "draft the weekly report " + i)));
        }
        List<String> rejected = admissions.entrySet().stream()
                .filter(e -> e.getValue() instanceof Admission.RejectedBusy)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(rejected).hasSize(18);
        for (String conversation : rejected) {
            assertThat(port.awaitPosts(conversation, 1).get(0)).contains("capacity");
            await(
                    () -> port.reactions(conversation).stream()
                            .anyMatch(r -> r.emoji().equals("hourglass")),
                    "busy reaction in " + conversation);
        }
        long queued = admissions.values().stream()
                .filter(a -> a instanceof Admission.Queued)
                .count();
        assertThat(queued).isEqualTo(10);
        release.countDown();
        await(() -> completed.get() == 12, "every accepted and queued run");
    }

    @Test
    void never_runs_more_agent_runs_at_once_than_the_limit() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        start(
                request -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.yield();
                    inFlight.decrementAndGet();
                    done.incrementAndGet();
                },
                RuntimeConfig.builder().maxConcurrentRuns(3).build());
        for (int i = 0; i < 200; i++) {
            runtime.submit(message("T" + (i % 4), "U" + i, "C" + i, "look up the order history " + i));
        }
        await(() -> done.get() == 200, "all runs");
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void each_run_keeps_its_own_progress_message_when_runs_overlap() {
        // The seed's progress-message race: per-run state lived on a shared object.
        CountDownLatch bothStarted = new CountDownLatch(2);
        Map<String, String> progressMessage = new ConcurrentHashMap<>();
        start(
                request -> {
                    String conversation = request.event().conversationId();
                    String progressId = port.post(conversation, "working...");
                    bothStarted.countDown();
                    await(bothStarted);
                    progressMessage.put(conversation, progressId);
                    port.post(conversation, "done, edited " + progressId);
                },
                RuntimeConfig.defaults());
        runtime.submit(message("T1", "U1", "C1", "check the status of order 17 please"));
        runtime.submit(message("T1", "U2", "C2", "check the status of order 18 please"));
        port.awaitPosts("C1", 2);
        port.awaitPosts("C2", 2);
        assertThat(port.posts("C1").get(1)).isEqualTo("done, edited " + progressMessage.get("C1"));
        assertThat(port.posts("C2").get(1)).isEqualTo("done, edited " + progressMessage.get("C2"));
        assertThat(progressMessage.get("C1")).isNotEqualTo(progressMessage.get("C2"));
    }

    @Test
    void a_failing_run_tells_the_user_in_plain_words_without_internals() {
        start(
                request -> {
                    throw new IllegalStateException("NullPointerException at dev.lucy.internal.Foo:42");
                },
                RuntimeConfig.defaults());
        runtime.submit(message("T1", "U1", "C1", "summarise the design doc for the new billing flow"));
        String reply = port.awaitPosts("C1", 1).get(0);
        assertThat(reply).contains("went wrong").doesNotContain("Exception").doesNotContain("dev.lucy");
    }

    @Test
    void the_working_emoji_is_shown_while_a_run_works_and_removed_afterwards() {
        start(echo(), RuntimeConfig.defaults());
        InboundEvent event = message("T1", "U1", "C1", "what changed in the last release?");
        runtime.submit(event);
        port.awaitPosts("C1", 1);
        await(() -> port.reactions("C1").size() == 2, "reaction added and removed");
        assertThat(port.reactions("C1"))
                .containsExactly(
                        new RecordingPort.Reaction("C1", event.messageId(), "hourglass_flowing_sand", true),
                        new RecordingPort.Reaction("C1", event.messageId(), "hourglass_flowing_sand", false));
    }

    @Test
    void a_person_sending_too_fast_is_throttled_and_told_once() {
        AtomicInteger runs = new AtomicInteger();
        start(
                request -> runs.incrementAndGet(),
                RuntimeConfig.builder().userEventsPerMinute(3).build());
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            admissions.add(runtime.submit(message("T1", "U1", "C1", "tell me about project " + i)));
        }
        assertThat(admissions.subList(3, 6)).allMatch(a -> a instanceof Admission.Throttled);
        await(() -> port.posts("C1").stream().anyMatch(p -> p.contains("faster than")), "throttle notice");
        await(() -> runs.get() == 3, "the allowed runs");
        assertThat(port.posts("C1")).filteredOn(p -> p.contains("faster than")).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(runtime.submit(message("T1", "U1", "C1", "tell me about project 9")))
                .isInstanceOf(Admission.Accepted.class);
    }

    @Test
    void scripted_conversations_give_the_same_transcripts_run_one_by_one_or_all_at_once() throws Exception {
        List<List<String>> scripts = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            List<String> script = new ArrayList<>();
            script.add("hello");
            for (int turn = 0; turn < 4; turn++) {
                script.add("conversation " + c + " asks question " + turn + " about the migration plan");
            }
            script.add("thanks, what are you working on?");
            scripts.add(script);
        }

        Map<String, List<String>> oneByOne = new ConcurrentHashMap<>();
        for (int c = 0; c < scripts.size(); c++) {
            LucyRuntime solo = newRuntime(echo());
            for (String text : scripts.get(c)) {
                int before = port.posts("C" + c).size();
                solo.submit(message("T1", "U" + c, "C" + c, text));
                port.awaitPosts("C" + c, before + 1);
            }
            solo.shutdown(Duration.ofSeconds(5));
            oneByOne.put("C" + c, port.posts("C" + c));
        }

        RecordingPort concurrentPort = new RecordingPort();
        LucyRuntime together = LucyRuntime.builder()
                .port(concurrentPort)
                .handler(request -> concurrentPort.post(
                        request.event().conversationId(),
                        "answer to: " + request.event().text()))
                .clock(clock)
                .triage(new CoreTriageRules(bound -> 0))
                .build()
                .start();
        List<Future<?>> userRuns = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < scripts.size(); c++) {
                int conversation = c;
                userRuns.add(users.submit(() -> {
                    for (String text : scripts.get(conversation)) {
                        int before = concurrentPort.posts("C" + conversation).size();
                        together.submit(message("T1", "U" + conversation, "C" + conversation, text));
                        if (!text.startsWith("conversation")) {
                            // Template replies do not queue behind runs; a person waits for them before going on.
                            concurrentPort.awaitPosts("C" + conversation, before + 1);
                        }
                    }
                }));
            }
        }
        for (Future<?> user : userRuns) {
            user.get(); // a person whose reply never came fails the test here
        }
        for (int c = 0; c < scripts.size(); c++) {
            String conversation = "C" + c;
            concurrentPort.awaitPosts(conversation, oneByOne.get(conversation).size());
        }
        together.shutdown(Duration.ofSeconds(5));
        for (int c = 0; c < scripts.size(); c++) {
            assertThat(concurrentPort.posts("C" + c))
                    .as("transcript of C" + c)
                    .containsExactlyElementsOf(oneByOne.get("C" + c));
        }
    }

    private LucyRuntime newRuntime(RunHandler handler) {
        return LucyRuntime.builder()
                .port(port)
                .handler(handler)
                .clock(clock)
                .triage(new CoreTriageRules(bound -> 0))
                .build()
                .start();
    }

    @Test
    void shutdown_lets_running_work_finish_tells_queued_users_and_refuses_new_work() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        start(
                request -> {
                    running.countDown();
                    await(release);
                    finished.incrementAndGet();
                },
                RuntimeConfig.builder().maxConcurrentRuns(1).build());
        runtime.submit(message("T1", "U1", "C1", "prepare the board update slides"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        runtime.submit(message("T1", "U2", "C2", "prepare the sales update slides"));
        port.awaitPosts("C2", 1); // told it is queued

        Thread stopper = Thread.ofVirtual().start(() -> runtime.shutdown(Duration.ofSeconds(10)));
        await(() -> !runtime.stats().accepting(), "intake to stop");
        assertThat(runtime.submit(message("T1", "U3", "C3", "one more thing please, the budget")))
                .isInstanceOf(Admission.ShuttingDown.class);
        release.countDown();
        stopper.join();

        assertThat(finished).hasValue(1);
        assertThat(port.posts("C2")).last().asString().contains("ask again");
        assertThat(port.awaitPosts("C3", 1).get(0)).contains("restarting");
    }

    @Test
    void a_queue_notice_slow_to_post_still_comes_before_the_answer() throws Exception {
        // The "in line" notice is slow: it waits until the queued run has answered, or a second at most.
        assertTheQueueNoticeComesFirst(answered -> postingAfter((conversationId, text) -> {
            if (text.contains("in line")) {
                awaitAtMost(answered, Duration.ofSeconds(1));
            }
        }));
    }

    @Test
    void a_busy_reaction_slow_to_land_does_not_hold_the_queue_notice_back() throws Exception {
        // Slack's reaction budget is short: the busy (hourglass) reaction waits until the queued run has answered (10 s
        // at most).
        assertTheQueueNoticeComesFirst(answered -> holding((conversationId, text) -> {}, emoji -> {
            if (emoji.equals("hourglass")) {
                awaitAtMost(answered, Duration.ofSeconds(10));
            }
        }));
    }

    /**
     * With one run at a time, a second conversation queues behind the first; through the port {@code slowPort} makes
     * from a latch that opens once the queued run has answered, its "in line" notice still comes before its answer.
     */
    private void assertTheQueueNoticeComesFirst(java.util.function.Function<CountDownLatch, ConversationPort> slowPort)
            throws InterruptedException {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        start(b -> b.port(slowPort.apply(answered))
                .config(RuntimeConfig.builder().maxConcurrentRuns(1).build())
                .handler(request -> {
                    if (request.event().conversationId().equals("C1")) {
                        firstRunning.countDown();
                        await(releaseFirst);
                    } else {
                        port.post(
                                request.event().conversationId(),
                                "answer to: " + request.event().text());
                        answered.countDown();
                    }
                }));
        runtime.submit(message("T1", "U1", "C1", "prepare the board update slides"));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runtime.submit(message("T1", "U2", "C2", "what changed in the last release?")))
                .isInstanceOf(Admission.Queued.class);
        releaseFirst.countDown();

        assertThat(port.awaitPosts("C2", 2))
                .as("the notice first, then the answer")
                .satisfiesExactly(
                        notice -> assertThat(notice).contains("in line"),
                        answer -> assertThat(answer).startsWith("answer to:"));
    }

    private static void awaitAtMost(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void observer_sees_every_admission_and_queue_wait() {
        List<Admission> seen = new CopyOnWriteArrayList<>();
        AtomicInteger waits = new AtomicInteger();
        start(b -> b.handler(echo()).observer(new RuntimeObserver() {
            @Override
            public void admitted(String workspaceId, Admission admission) {
                seen.add(admission);
            }

            @Override
            public void queueWait(Priority priority, Duration wait) {
                waits.incrementAndGet();
            }
        }));
        InboundEvent event = message("T1", "U1", "C1", "what changed in the last release?");
        runtime.submit(event);
        runtime.submit(event);
        port.awaitPosts("C1", 1);
        await(() -> waits.get() == 1, "queue wait recorded");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isInstanceOf(Admission.Duplicate.class);
    }
}

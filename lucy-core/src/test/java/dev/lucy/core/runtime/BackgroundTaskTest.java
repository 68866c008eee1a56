package dev.lucy.core.runtime;

import static dev.lucy.testkit.fake.RecordingPort.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTaskTest extends RuntimeFixture {
    private static final String DEEP = "do a deep dive on our competitors' pricing and write a full report";

    private InboundEvent message(String conversation, String text) {
        return message("T1", "U1", conversation, text);
    }

    private Task onlyTask() {
        List<Task> all = runtime.tasksOf("T1", "U1");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void a_task_is_acknowledged_works_reports_progress_and_completes() {
        CountDownLatch progressed = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<String> taskId = new AtomicReference<>();
        start(
                request -> {
                    taskId.set(request.task().orElseThrow().id());
                    request.progress("read 12 pricing pages");
                    progressed.countDown();
                    await(finish);
                    port.post(request.event().conversationId(), "Here is the report.");
                },
                RuntimeConfig.defaults());

        assertThat(runtime.submit(message("C1", DEEP))).isInstanceOf(Admission.Accepted.class);
        assertThat(port.awaitPosts("C1", 1).get(0)).contains("background");
        await(progressed);
        await(() -> onlyTask().progress().equals("read 12 pricing pages"), "progress to be stored");
        assertThat(onlyTask().state()).isEqualTo(TaskState.WORKING);

        finish.countDown();
        await(() -> store.find(taskId.get()).orElseThrow().state() == TaskState.COMPLETED, "completion");
        assertThat(port.posts("C1")).last().isEqualTo("Here is the report.");
    }

    @Test
    void the_thread_stays_usable_while_a_task_runs() {
        CountDownLatch finish = new CountDownLatch(1);
        start(
                request -> {
                    if (request.task().isPresent()) {
                        await(finish);
                    } else {
                        port.post(request.event().conversationId(), "side answer");
                    }
                },
                RuntimeConfig.defaults());
        runtime.submit(message("C1", DEEP));
        port.awaitPosts("C1", 1);
        assertThat(runtime.submit(message("C1", "meanwhile, what time is the all-hands today?")))
                .isInstanceOf(Admission.Accepted.class);
        assertThat(port.awaitPosts("C1", 2).get(1)).isEqualTo("side answer");
        finish.countDown();
    }

    @Test
    void status_lists_the_persons_running_tasks_with_state_and_age() {
        CountDownLatch finish = new CountDownLatch(1);
        start(
                request -> {
                    request.progress("compared 3 vendors");
                    await(finish);
                },
                RuntimeConfig.defaults());
        runtime.submit(message("C1", DEEP));
        await(
                () -> !runtime.tasksOf("T1", "U1").isEmpty()
                        && onlyTask().progress().equals("compared 3 vendors"),
                "task to work");
        clock.advance(Duration.ofMinutes(7));

        runtime.submit(message("C2", "what are you working on?"));
        String status = port.awaitPosts("C2", 1).get(0);
        assertThat(status)
                .contains("Working on 1 thing")
                .contains("deep dive on our competitors")
                .contains("working")
                .contains("7 min")
                .contains("compared 3 vendors");
        finish.countDown();
    }

    /** Starts a deep task in C1 that works until interrupted, noting the interrupt; returns its id once it works. */
    private String startTaskThatNotesItsInterrupt(AtomicBoolean interrupted) {
        CountDownLatch working = new CountDownLatch(1);
        start(
                workUntilInterrupted(working, () -> {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                }),
                RuntimeConfig.defaults());
        runtime.submit(message("C1", DEEP));
        await(working);
        return onlyTask().id();
    }

    @Test
    void cancel_in_the_thread_stops_the_task_and_confirms() {
        AtomicBoolean interrupted = new AtomicBoolean();
        String taskId = startTaskThatNotesItsInterrupt(interrupted);

        runtime.submit(message("C1", "cancel that"));
        await(() -> port.posts("C1").contains("Stopped."), "cancel confirmation");
        await(interrupted::get, "the task's thread to be interrupted");
        assertThat(store.find(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
        assertThat(runtime.tasksOf("T1", "U1")).isEmpty();
    }

    @Test
    void a_task_is_cancelled_by_id_only_for_the_person_who_asked_for_it() {
        AtomicBoolean interrupted = new AtomicBoolean();
        String taskId = startTaskThatNotesItsInterrupt(interrupted);

        assertThat(runtime.cancelTask("T1", "U2", taskId)).isEqualTo(LucyRuntime.TaskCancel.NOT_FOUND);
        assertThat(runtime.cancelTask("T2", "U1", taskId)).isEqualTo(LucyRuntime.TaskCancel.NOT_FOUND);
        assertThat(onlyTask().state()).isEqualTo(TaskState.WORKING);

        assertThat(runtime.cancelTask("T1", "U1", taskId)).isEqualTo(LucyRuntime.TaskCancel.CANCELLED);
        await(interrupted::get, "the task's thread to be interrupted");
        await(() -> port.posts("C1").contains("Stopped."), "the thread told");
        assertThat(runtime.tasksOf("T1", "U1")).isEmpty();
        assertThat(runtime.recentTasksOf("T1", "U1", 5)).extracting(Task::id).containsExactly(taskId);
        assertThat(runtime.recentTasksOf("T1", "U2", 5)).isEmpty();
        assertThat(runtime.cancelTask("T1", "U1", taskId)).isEqualTo(LucyRuntime.TaskCancel.ALREADY_ENDED);
    }

    @Test
    void cancel_with_nothing_running_says_so() {
        start(request -> {}, RuntimeConfig.defaults());
        runtime.submit(message("C1", "stop"));
        assertThat(port.awaitPosts("C1", 1).get(0)).isEqualTo("Nothing is running in this thread.");
    }

    @Test
    void a_task_running_past_its_maximum_duration_is_stopped_and_the_user_told() {
        AtomicBoolean interrupted = new AtomicBoolean();
        start(
                workUntilInterrupted(new CountDownLatch(1), () -> interrupted.set(true)),
                RuntimeConfig.builder().taskMaxDuration(Duration.ofMillis(200)).build());
        runtime.submit(message("C1", DEEP));
        port.awaitPosts("C1", 2);
        assertThat(port.posts("C1").get(1)).contains("took longer");
        await(interrupted::get, "the task's thread to be interrupted");
        await(() -> runtime.tasksOf("T1", "U1").isEmpty(), "the task to end");
    }

    @Test
    void a_task_a_crash_left_behind_starts_again_from_the_beginning_and_its_user_is_told() {
        Caller caller = new Caller("T1", "U1", "C9");
        clock.advance(Duration.ofMinutes(5));
        Task working = Task.create("t-1", caller, "research the market for pet insurance", T0)
                .moveTo(TaskState.ACKNOWLEDGED, T0)
                .moveTo(TaskState.WORKING, T0)
                .withProgress("read 3 reports", T0);
        Task done = Task.create("t-2", caller, "an old one", T0)
                .moveTo(TaskState.WORKING, T0)
                .moveTo(TaskState.COMPLETED, T0);
        store.save(working);
        store.save(done);
        List<RunRequest> runs = new CopyOnWriteArrayList<>();

        start(
                request -> {
                    runs.add(request);
                    port.post(request.event().conversationId(), "The pet insurance report.");
                },
                RuntimeConfig.defaults());

        assertThat(port.awaitPosts("C9", 2))
                .first()
                .asString()
                .contains("restarted")
                .contains("starting it again from the beginning")
                .contains("research the market for pet insurance");
        assertThat(port.posts("C9").get(1)).isEqualTo("The pet insurance report.");
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.event().text()).isEqualTo("research the market for pet insurance");
            assertThat(run.task().orElseThrow().attempt()).isEqualTo(2);
        });
        await(() -> store.find("t-1").orElseThrow().state() == TaskState.COMPLETED, "the task to complete");
        assertThat(store.find("t-2").orElseThrow().state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void a_task_cut_twice_or_older_than_a_task_may_run_is_ended_with_a_message() {
        Caller caller = new Caller("T1", "U1", "C9");
        Task again = Task.create("t-1", caller, "summarise the board deck", T0)
                .moveTo(TaskState.WORKING, T0)
                .nextAttempt(T0)
                .moveTo(TaskState.WORKING, T0);
        Task old = Task.create("t-2", new Caller("T1", "U1", "C8"), "draft the annual report", T0)
                .moveTo(TaskState.WORKING, T0);
        store.save(again);
        store.save(old);
        clock.advance(RuntimeConfig.DEFAULT_TASK_MAX_DURATION.minusMinutes(1));
        store.save(Task.create("t-3", new Caller("T1", "U1", "C7"), "new enough", clock.instant())
                .moveTo(TaskState.WORKING, clock.instant())
                .nextAttempt(clock.instant()));
        clock.advance(Duration.ofMinutes(2));
        List<RunRequest> runs = new CopyOnWriteArrayList<>();

        start(runs::add, RuntimeConfig.defaults());

        assertThat(port.awaitPosts("C9", 1).get(0)).contains("couldn't finish").contains("summarise the board deck");
        assertThat(port.awaitPosts("C8", 1).get(0)).contains("couldn't finish").contains("draft the annual report");
        assertThat(store.find("t-1").orElseThrow().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(store.find("t-2").orElseThrow().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(port.awaitPosts("C7", 1).get(0)).contains("couldn't finish");
        assertThat(runs).as("none started a third time or past its time").isEmpty();
    }

    @Test
    void shutdown_marks_running_tasks_interrupted_and_tells_their_users() {
        CountDownLatch working = new CountDownLatch(1);
        start(
                workUntilInterrupted(working, () -> {
                    throw new IllegalStateException("stopped");
                }),
                RuntimeConfig.defaults());
        runtime.submit(message("C1", DEEP));
        await(working);
        String taskId = onlyTask().id();

        runtime.shutdown(Duration.ofMillis(100));

        assertThat(store.find(taskId).orElseThrow().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(port.awaitPosts("C1", 2).get(1)).contains("ask again");
    }

    @Test
    void concurrent_progress_notes_and_a_cancel_never_lose_the_final_state() throws Exception {
        // The seed's read-modify-write race, for task state: many writers at once must not undo each other.
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(1);
        AtomicReference<RunRequest> running = new AtomicReference<>();
        start(
                request -> {
                    running.set(request);
                    working.countDown();
                    await(writersDone);
                },
                RuntimeConfig.defaults());
        runtime.submit(message("C1", DEEP));
        await(working);
        String taskId = onlyTask().id();
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int note = i;
                writers.execute(() -> running.get().progress("step " + note));
            }
            writers.execute(() -> runtime.submit(message("C1", "cancel")));
        }
        // The handler stays busy until the cancel has landed, so the task cannot simply complete first.
        await(() -> port.posts("C1").contains("Stopped."), "cancel confirmation");
        writersDone.countDown();
        assertThat(store.find(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void the_state_machine_refuses_impossible_moves() {
        Task task = Task.create("t", new Caller("T1", "U1", "C1"), "x", T0);
        Task completed = task.moveTo(TaskState.WORKING, T0).moveTo(TaskState.COMPLETED, T0);
        assertThatThrownBy(() -> completed.moveTo(TaskState.WORKING, T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("COMPLETED");
        assertThat(TaskState.values()).filteredOn(TaskState::terminal).hasSize(5);
    }
}

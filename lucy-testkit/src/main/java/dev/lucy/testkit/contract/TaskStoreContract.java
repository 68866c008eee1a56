package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Task;
import dev.lucy.core.runtime.TaskState;
import dev.lucy.core.runtime.TaskStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskStore} must do: keep a task's every field, replace it by id, and list the unfinished ones
 * oldest first, also for a second store on the same database (a restarted process); tasks of different workspaces
 * and people are kept apart.
 */
public abstract class TaskStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Caller ALICE = new Caller("T1", "U1", "C1:1700000000.000100");
    private static final Caller BORIS = new Caller("T2", "U2", "C2:1700000000.000200");

    /** A store on a fresh, empty database. */
    protected abstract TaskStore openStore();

    /** Another store on the same database as the last {@link #openStore()}; the in-memory store returns itself. */
    protected abstract TaskStore openSecondStore();

    /** Releases what the test opened. */
    protected void closeStores() {}

    @AfterEach
    void closeTheStores() {
        closeStores();
    }

    private static Task task(String id, Instant created, TaskState... path) {
        Task task = Task.create(id, ALICE, "research pricing for " + id, created);
        for (TaskState state : path) {
            task = task.moveTo(state, created.plusSeconds(1));
        }
        return task;
    }

    @Test
    void keeps_every_field_of_a_task() {
        TaskStore store = openStore();
        Task task = task("t1", T0, TaskState.ACKNOWLEDGED, TaskState.WORKING)
                .withProgress("read 4 pages, \"quotes\" and ünïcödé", T0.plusSeconds(9));
        store.save(task);
        assertThat(store.find("t1")).contains(task);
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void saving_again_replaces_the_task() {
        TaskStore store = openStore();
        Task working = task("t1", T0, TaskState.WORKING);
        store.save(working);
        Task done = working.moveTo(TaskState.COMPLETED, T0.plusSeconds(60));
        store.save(done);
        assertThat(store.find("t1")).contains(done);
    }

    @Test
    void lists_unfinished_tasks_oldest_first_also_after_a_restart() {
        TaskStore store = openStore();
        store.save(task("late", T0.plusSeconds(30), TaskState.WORKING));
        store.save(task("early", T0, TaskState.ACKNOWLEDGED));
        store.save(task("done", T0.plusSeconds(10), TaskState.WORKING, TaskState.COMPLETED));
        store.save(task("gone", T0.plusSeconds(20), TaskState.CANCELLED));

        assertThat(openSecondStore().unfinished()).extracting(Task::id).containsExactly("early", "late");
    }

    @Test
    void lists_a_persons_ended_tasks_most_recent_first_and_no_one_elses() {
        TaskStore store = openStore();
        store.save(task("working", T0, TaskState.WORKING));
        store.save(task("done", T0, TaskState.WORKING, TaskState.COMPLETED));
        store.save(task("failed", T0.plusSeconds(5), TaskState.WORKING, TaskState.FAILED));
        store.save(task("cancelled", T0.plusSeconds(9), TaskState.CANCELLED));
        store.save(Task.create("other-person", new Caller("T1", "U9", "C1:1"), "theirs", T0)
                .moveTo(TaskState.CANCELLED, T0.plusSeconds(20)));
        store.save(Task.create("other-workspace", BORIS, "theirs", T0).moveTo(TaskState.CANCELLED, T0.plusSeconds(20)));

        TaskStore second = openSecondStore();
        assertThat(second.recent("T1", "U1", 10)).extracting(Task::id).containsExactly("cancelled", "failed", "done");
        assertThat(second.recent("T1", "U1", 2)).extracting(Task::id).containsExactly("cancelled", "failed");
        assertThat(second.recent("T2", "U1", 10)).isEmpty();
    }

    @Test
    void a_restart_takes_its_unfinished_tasks_up_again_at_their_next_attempt() {
        TaskStore store = openStore();
        store.save(task("working", T0, TaskState.ACKNOWLEDGED, TaskState.WORKING)
                .withProgress("read 2 of 5 pages", T0.plusSeconds(5)));
        store.save(task("done", T0, TaskState.WORKING, TaskState.COMPLETED));

        TaskStore restarted = openSecondStore();
        List<Task> taken = restarted.resume(T0.plusSeconds(60));

        assertThat(taken)
                .extracting(Task::id, Task::attempt, Task::state, Task::progress)
                .containsExactly(tuple("working", 2, TaskState.ACKNOWLEDGED, ""));
        assertThat(restarted.find("working")).contains(taken.get(0));
        assertThat(restarted.find("done").orElseThrow().state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void tasks_of_two_workspaces_keep_their_own_people_and_changing_one_leaves_the_other() {
        TaskStore store = openStore();
        Task alices = task("t1", T0, TaskState.WORKING);
        Task boris = Task.create("t2", BORIS, "draft the newsletter", T0.plusSeconds(5))
                .moveTo(TaskState.WORKING, T0.plusSeconds(6))
                .withProgress("outline done", T0.plusSeconds(7));
        store.save(alices);
        store.save(boris);
        Task alicesDone = alices.moveTo(TaskState.COMPLETED, T0.plusSeconds(60));
        store.save(alicesDone);

        TaskStore restarted = openSecondStore();
        assertThat(restarted.find("t1")).contains(alicesDone);
        assertThat(restarted.find("t2")).contains(boris);
        assertThat(restarted.unfinished()).containsExactly(boris);
    }
}

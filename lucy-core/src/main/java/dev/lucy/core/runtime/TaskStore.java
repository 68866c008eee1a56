package dev.lucy.core.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where background tasks are kept, so their state survives the process that runs them.
 *
 * <p>Every task belongs to the process that runs it (its owner). A restart takes its own unfinished tasks up again
 * with {@link #resume}; with several replicas on one database, {@link #takeOver} takes those of a replica that
 * stopped beating (see {@link Replicas}). Both take a task for exactly one caller: the attempt it was at is part of
 * the claim, so two replicas never both run it, and a save of an older attempt after a newer one took the task is
 * ignored.
 *
 * <p>Thread safe, blocking. The default, {@link #inMemory()}, lives as long as the process; lucy-store keeps tasks
 * in SQLite or PostgreSQL so a restart or another replica can take them up.
 */
public interface TaskStore {

    /**
     * Inserts or replaces the task with this id, unless the stored one is at a later attempt or taken by another
     * owner (then the save is ignored: this process lost the task).
     */
    void save(Task task);

    Optional<Task> find(String id);

    /** Tasks that have not ended, of every owner, oldest first. */
    List<Task> unfinished();

    /**
     * Takes this owner's unfinished tasks (an earlier process of this owner left them) for their next attempt
     * ({@link Task#nextAttempt}) and returns them, oldest first. A task another caller took meanwhile is left out.
     * Call at start, with the time of the taking. The default takes every unfinished task: one process, one owner.
     */
    default List<Task> resume(Instant now) {
        List<Task> taken = new ArrayList<>();
        for (Task task : unfinished()) {
            Task next = task.nextAttempt(now);
            save(next);
            taken.add(next);
        }
        return taken;
    }

    /**
     * Takes the unfinished tasks of owners that have not beaten for {@code silence} (see {@link Replicas}) for their
     * next attempt and returns them, oldest first. {@code now} is the time of the taking. The default has no other
     * owners.
     */
    default List<Task> takeOver(Duration silence, Instant now) {
        return List.of();
    }

    /**
     * The tasks of one person in one workspace that have ended, the most recently changed first, at most
     * {@code limit}: what their Home tab shows as recent. The default remembers none.
     */
    default List<Task> recent(String workspaceId, String userId, int limit) {
        return List.of();
    }

    /** The in-process default. */
    static TaskStore inMemory() {
        ConcurrentMap<String, Task> tasks = new ConcurrentHashMap<>();
        return new TaskStore() {
            @Override
            public void save(Task task) {
                tasks.put(task.id(), task);
            }

            @Override
            public Optional<Task> find(String id) {
                return Optional.ofNullable(tasks.get(id));
            }

            @Override
            public List<Task> unfinished() {
                return tasks.values().stream()
                        .filter(task -> !task.state().terminal())
                        .sorted(Comparator.comparing(Task::createdAt))
                        .toList();
            }

            @Override
            public List<Task> recent(String workspaceId, String userId, int limit) {
                return tasks.values().stream()
                        .filter(task -> task.state().terminal()
                                && task.caller().workspaceId().equals(workspaceId)
                                && task.caller().userId().equals(userId))
                        .sorted(Comparator.comparing(Task::updatedAt).reversed())
                        .limit(limit)
                        .toList();
            }
        };
    }
}

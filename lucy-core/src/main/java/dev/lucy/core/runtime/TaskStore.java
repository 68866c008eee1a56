package dev.lucy.core.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where background tasks are kept, so their state survives the process that runs them.
 *
 * <p>Thread safe, blocking. The default, {@link #inMemory()}, lives as long as the process; lucy-store keeps tasks
 * in SQLite or PostgreSQL so a restart can tell users what it interrupted.
 */
public interface TaskStore {

    /** Inserts or replaces the task with this id. */
    void save(Task task);

    Optional<Task> find(String id);

    /** Tasks that have not ended, oldest first. */
    List<Task> unfinished();

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
        };
    }
}

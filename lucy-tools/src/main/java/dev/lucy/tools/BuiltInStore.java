package dev.lucy.tools;

import dev.lucy.tools.BuiltInTools.Idea;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.util.List;
import java.util.Optional;

/**
 * Where the built-in tools keep a workspace's projects, tasks and ideas. {@link #inMemory()} is the default;
 * {@code dev.lucy.store.JdbcBuiltInStore} keeps them in SQLite or PostgreSQL (lucy-store). Arguments are already
 * checked and stripped by {@link BuiltInTools}; ids are per workspace, from 1, never reused, also when many calls
 * create at once. Implementations are thread safe and may block.
 */
public interface BuiltInStore {
    /** Projects in the order they were created, each with its tasks in the order they were created. */
    List<Project> projects(String workspaceId);

    /** Adds a task (and its project when new) under the workspace's next task id. */
    Task createTask(String workspaceId, String project, String title);

    /** Flips the task's {@code done}; empty when the workspace has no such task. */
    Optional<Task> toggleTask(String workspaceId, int id);

    /** Removes the task (its project stays); empty when the workspace has no such task. */
    Optional<Task> deleteTask(String workspaceId, int id);

    /** Adds an idea under the workspace's next idea id. */
    Idea addIdea(String workspaceId, String text, String author);

    /** Every idea, oldest first. */
    List<Idea> ideas(String workspaceId);

    /** The data in this process only, gone when it stops: for tests and demos without a database. */
    static BuiltInStore inMemory() {
        return new InMemoryBuiltInStore();
    }
}

package dev.lucy.tools;

import dev.lucy.tools.BuiltInTools.DueTask;
import dev.lucy.tools.BuiltInTools.Idea;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
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

    /** Adds a task (and its project when new) under the workspace's next task id, without origin or due date. */
    default Task createTask(String workspaceId, String project, String title) {
        return createTask(workspaceId, project, title, Origin.UNKNOWN, Optional.empty());
    }

    /** Adds a task made by {@code origin}'s person in its conversation, due on {@code due} when present. */
    Task createTask(String workspaceId, String project, String title, Origin origin, Optional<LocalDate> due);

    /**
     * Sets (or, when empty, clears) the task's due date; a task that has no origin yet (made before due dates
     * existed) takes {@code origin}'s. Empty when the workspace has no such task.
     */
    Optional<Task> setDue(String workspaceId, int id, Optional<LocalDate> due, Origin origin);

    /**
     * Open tasks of every workspace due from {@code from} to {@code to} (both included) whose reminder for that due date
     * was not claimed yet, earliest first.
     */
    List<DueTask> dueBetween(LocalDate from, LocalDate to);

    /**
     * Claims the reminder of the task for its due date {@code due}: true for exactly one caller, in one process or
     * several sharing the database; false when it was claimed already or the task changed (done, deleted, another
     * due date).
     */
    boolean claimReminder(String workspaceId, int id, LocalDate due);

    /** Gives a claimed reminder back (it could not be posted), so the next look tries again. */
    void releaseReminder(String workspaceId, int id, LocalDate due);

    /**
     * Who made a task and where: its reminder mentions the person and goes to the conversation.
     *
     * @param userId the person, empty when not known
     * @param conversationId the conversation, empty when not known
     */
    record Origin(String userId, String conversationId) {
        /** Not known: tasks made by code rather than by a person. */
        public static final Origin UNKNOWN = new Origin("", "");

        public Origin {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(conversationId, "conversationId");
        }
    }

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

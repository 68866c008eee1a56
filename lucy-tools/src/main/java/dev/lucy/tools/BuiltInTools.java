package dev.lucy.tools;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.tools.spi.ToolException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lucy's own small tools: a team's projects, tasks and ideas (per workspace) and the current time. Register them with
 * {@code registry.registerAll(AnnotatedTools.from(BuiltInTools.create(clock)))} to keep the data in memory only, or
 * with {@link #create(BuiltInStore, Clock)} to keep it elsewhere ({@code JdbcBuiltInStore.open(database)} in
 * lucy-store).
 *
 * <p>Thread safe; with a database every call but {@code current_time} blocks on it. Task and idea ids count from 1 in
 * each workspace and are never reused, also when many calls create at once.
 */
public final class BuiltInTools {
    private final Clock clock;
    private final BuiltInStore store;

    /** A project with its tasks. */
    public record Project(String name, List<Task> tasks) {}

    /**
     * A task; {@code done} flips with {@code toggle_task}; {@code due} is the day it is due, when one was set (the
     * model reads it as {@code due_date}, ISO).
     */
    public record Task(
            int id,
            String project,
            String title,
            boolean done,
            @JsonIgnore Optional<LocalDate> due) {
        public Task {
            Objects.requireNonNull(due, "due");
        }

        /** A task without a due date. */
        public Task(int id, String project, String title, boolean done) {
            this(id, project, title, done, Optional.empty());
        }

        @JsonProperty("due_date")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        private String dueDate() {
            return due.map(LocalDate::toString).orElse(null);
        }
    }

    /**
     * An open task due on a day, with where its reminder goes.
     *
     * @param workspaceId its workspace
     * @param task the task (its {@code due} is present)
     * @param creatorId who made it (or set its due date, for a task made before due dates existed), when known
     * @param conversationId where it was made (or its due date set), when known
     */
    public record DueTask(String workspaceId, Task task, Optional<String> creatorId, Optional<String> conversationId) {
        public DueTask {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(conversationId, "conversationId");
        }
    }

    /** An idea saved for later. */
    public record Idea(int id, String text, String author) {}

    private BuiltInTools(Clock clock, BuiltInStore store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = store;
    }

    /** The tools with their data in this process only (gone when it stops): for tests and demos without a database. */
    public static BuiltInTools create(Clock clock) {
        return create(BuiltInStore.inMemory(), clock);
    }

    /** The tools with their data in {@code store}, which several processes may share when it is a database. */
    public static BuiltInTools create(BuiltInStore store, Clock clock) {
        return new BuiltInTools(clock, Objects.requireNonNull(store, "store"));
    }

    @ToolMethod(
            description = "List the team's projects with their tasks and whether each task is done.",
            tags = {"projects", "tasks", "todo", "list"})
    public List<Project> getProjects(Caller caller) {
        return store.projects(caller.workspaceId());
    }

    @ToolMethod(
            description = "Create a task in a project (the project is created if it does not exist yet).",
            tags = {"task", "todo", "add", "project"},
            sideEffect = SideEffect.WRITE)
    public Task createTask(
            Caller caller,
            @Param("Project name") String project,
            @Param("What needs doing") String title,
            @Param(value = "The day it is due, ISO 8601 such as 2026-04-10", name = "due_date", required = false)
                    Optional<String> dueDate) {
        requireText(project, "project");
        requireText(title, "title");
        Optional<LocalDate> due = dueDate.filter(d -> !d.isBlank()).map(BuiltInTools::date);
        return store.createTask(caller.workspaceId(), project.strip(), title.strip(), origin(caller), due);
    }

    /** As {@link #createTask(Caller, String, String, Optional)} without a due date. */
    public Task createTask(Caller caller, String project, String title) {
        return createTask(caller, project, title, Optional.empty());
    }

    @ToolMethod(
            description = "Set or change the day a task is due (ISO 8601 such as 2026-04-10), or clear it with"
                    + " 'none'. Lucy can remind the task's creator the day before.",
            tags = {"task", "due", "deadline", "date", "todo"},
            sideEffect = SideEffect.WRITE)
    public Task setTaskDue(
            Caller caller,
            @Param("The task id") int id,
            @Param(value = "The day it is due, ISO 8601 such as 2026-04-10, or none", name = "due_date")
                    String dueDate) {
        requireText(dueDate, "due_date");
        String value = dueDate.strip();
        Optional<LocalDate> due = value.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(date(value));
        return store.setDue(caller.workspaceId(), id, due, origin(caller)).orElseThrow(() -> notFound("task", id));
    }

    /** Where the tools keep their data; the routines read the tasks' due dates from it. */
    public BuiltInStore store() {
        return store;
    }

    private static BuiltInStore.Origin origin(Caller caller) {
        return new BuiltInStore.Origin(caller.userId(), caller.conversationId());
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new ToolException(
                    ToolError.INVALID_ARGUMENTS, "'" + text + "' is not a date such as 2026-04-10 (year-month-day)");
        }
    }

    @ToolMethod(
            description = "Mark a task done, or not done again if it already was.",
            tags = {"task", "done", "complete", "todo"},
            sideEffect = SideEffect.WRITE)
    public Task toggleTask(Caller caller, @Param("The task id") int id) {
        return store.toggleTask(caller.workspaceId(), id).orElseThrow(() -> notFound("task", id));
    }

    @ToolMethod(
            description = "Delete a task for good. Cannot be undone.",
            tags = {"task", "delete", "remove", "todo"},
            sideEffect = SideEffect.DESTRUCTIVE)
    public Task deleteTask(Caller caller, @Param("The task id") int id) {
        return store.deleteTask(caller.workspaceId(), id).orElseThrow(() -> notFound("task", id));
    }

    @ToolMethod(
            description = "Save an idea for later, credited to the person who had it.",
            tags = {"idea", "save", "note", "brainstorm"},
            sideEffect = SideEffect.WRITE)
    public Idea addIdea(Caller caller, @Param("The idea") String text) {
        requireText(text, "text");
        return store.addIdea(caller.workspaceId(), text.strip(), caller.userId());
    }

    @ToolMethod(
            description = "List the ideas saved so far, optionally only those containing a word.",
            tags = {"ideas", "list", "brainstorm", "notes"})
    public List<Idea> getIdeas(
            Caller caller,
            @Param(value = "Only ideas containing this word", required = false) Optional<String> search) {
        String word = search.map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        return store.ideas(caller.workspaceId()).stream()
                .filter(i -> i.text().toLowerCase(Locale.ROOT).contains(word))
                .toList();
    }

    @ToolMethod(
            description = "The current date, time and weekday, in a given time zone (UTC if none is given).",
            tags = {"time", "date", "today", "now", "clock", "timezone"})
    public Map<String, String> currentTime(
            @Param(value = "IANA time zone such as Europe/Paris", name = "time_zone", required = false)
                    Optional<String> timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone.filter(z -> !z.isBlank()).orElse("UTC"));
        } catch (DateTimeException e) {
            throw new ToolException(
                    ToolError.INVALID_ARGUMENTS,
                    "unknown time zone '" + timeZone.orElse("") + "'; use an IANA name such as Europe/Paris");
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        return Map.of(
                "time_zone", zone.getId(),
                "iso", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                "weekday", now.getDayOfWeek().name().toLowerCase(Locale.ROOT));
    }

    private static ToolException notFound(String what, int id) {
        return new ToolException(
                ToolError.NOT_FOUND, "there is no " + what + " " + id + "; call get_projects to see the ids");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ToolException(ToolError.INVALID_ARGUMENTS, name + " must not be empty");
        }
    }
}

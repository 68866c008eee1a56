package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.tools.spi.ToolException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lucy's own small tools: a team's projects, tasks and ideas (kept in memory, per workspace), and the current time.
 * Register them with {@code registry.registerAll(AnnotatedTools.from(BuiltInTools.create(clock)))}.
 *
 * <p>Thread safe: one lock guards the data, held only for in-memory work.
 */
public final class BuiltInTools {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();

    /** A project with its tasks. */
    public record Project(String name, List<Task> tasks) {}

    /** A task; {@code done} flips with {@code toggle_task}. */
    public record Task(int id, String project, String title, boolean done) {}

    /** An idea saved for later. */
    public record Idea(int id, String text, String author) {}

    private static final class Workspace {
        final Map<String, List<Task>> projects = new LinkedHashMap<>();
        final List<Idea> ideas = new ArrayList<>();
        int nextTask = 1;
        int nextIdea = 1;
    }

    private BuiltInTools(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static BuiltInTools create(Clock clock) {
        return new BuiltInTools(clock);
    }

    @ToolMethod(
            description = "List the team's projects with their tasks and whether each task is done.",
            tags = {"projects", "tasks", "todo", "list"})
    public List<Project> getProjects(Caller caller) {
        return locked(
                caller,
                ws -> ws.projects.entrySet().stream()
                        .map(e -> new Project(e.getKey(), List.copyOf(e.getValue())))
                        .toList());
    }

    @ToolMethod(
            description = "Create a task in a project (the project is created if it does not exist yet).",
            tags = {"task", "todo", "add", "project"},
            sideEffect = SideEffect.WRITE)
    public Task createTask(
            Caller caller, @Param("Project name") String project, @Param("What needs doing") String title) {
        requireText(project, "project");
        requireText(title, "title");
        return locked(caller, ws -> {
            Task task = new Task(ws.nextTask++, project.strip(), title.strip(), false);
            ws.projects.computeIfAbsent(task.project(), p -> new ArrayList<>()).add(task);
            return task;
        });
    }

    @ToolMethod(
            description = "Mark a task done, or not done again if it already was.",
            tags = {"task", "done", "complete", "todo"},
            sideEffect = SideEffect.WRITE)
    public Task toggleTask(Caller caller, @Param("The task id") int id) {
        return locked(caller, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    Task task = tasks.get(i);
                    if (task.id() == id) {
                        Task toggled = new Task(task.id(), task.project(), task.title(), !task.done());
                        tasks.set(i, toggled);
                        return toggled;
                    }
                }
            }
            throw notFound("task", id);
        });
    }

    @ToolMethod(
            description = "Delete a task for good. Cannot be undone.",
            tags = {"task", "delete", "remove", "todo"},
            sideEffect = SideEffect.DESTRUCTIVE)
    public Task deleteTask(Caller caller, @Param("The task id") int id) {
        return locked(caller, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (Task task : tasks) {
                    if (task.id() == id) {
                        tasks.remove(task);
                        return task;
                    }
                }
            }
            throw notFound("task", id);
        });
    }

    @ToolMethod(
            description = "Save an idea for later, credited to the person who had it.",
            tags = {"idea", "save", "note", "brainstorm"},
            sideEffect = SideEffect.WRITE)
    public Idea addIdea(Caller caller, @Param("The idea") String text) {
        requireText(text, "text");
        return locked(caller, ws -> {
            Idea idea = new Idea(ws.nextIdea++, text.strip(), caller.userId());
            ws.ideas.add(idea);
            return idea;
        });
    }

    @ToolMethod(
            description = "List the ideas saved so far, optionally only those containing a word.",
            tags = {"ideas", "list", "brainstorm", "notes"})
    public List<Idea> getIdeas(
            Caller caller,
            @Param(value = "Only ideas containing this word", required = false) Optional<String> search) {
        String word = search.map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        return locked(
                caller,
                ws -> ws.ideas.stream()
                        .filter(i -> i.text().toLowerCase(Locale.ROOT).contains(word))
                        .toList());
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

    private <T> T locked(Caller caller, java.util.function.Function<Workspace, T> work) {
        lock.lock();
        try {
            return work.apply(workspaces.computeIfAbsent(caller.workspaceId(), w -> new Workspace()));
        } finally {
            lock.unlock();
        }
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

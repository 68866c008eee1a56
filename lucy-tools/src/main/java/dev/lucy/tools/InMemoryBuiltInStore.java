package dev.lucy.tools;

import dev.lucy.tools.BuiltInTools.DueTask;
import dev.lucy.tools.BuiltInTools.Idea;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The built-in tools' data in this process only; gone when it stops. One lock, held only for in-memory work. */
final class InMemoryBuiltInStore implements BuiltInStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();

    private static final class Workspace {
        final Map<String, List<Task>> projects = new LinkedHashMap<>();
        final List<Idea> ideas = new ArrayList<>();
        final Map<Integer, BuiltInStore.Origin> origins = new HashMap<>();
        final Map<Integer, LocalDate> reminded = new HashMap<>();
        int nextTask = 1;
        int nextIdea = 1;
    }

    @Override
    public List<Project> projects(String workspaceId) {
        return locked(
                workspaceId,
                ws -> ws.projects.entrySet().stream()
                        .map(e -> new Project(e.getKey(), List.copyOf(e.getValue())))
                        .toList());
    }

    @Override
    public Task createTask(String workspaceId, String project, String title, Origin origin, Optional<LocalDate> due) {
        return locked(workspaceId, ws -> {
            Task task = new Task(ws.nextTask++, project, title, false, due);
            ws.projects.computeIfAbsent(project, p -> new ArrayList<>()).add(task);
            ws.origins.put(task.id(), origin);
            return task;
        });
    }

    @Override
    public Optional<Task> setDue(String workspaceId, int id, Optional<LocalDate> due, Origin origin) {
        return replaceTask(workspaceId, id, task -> new Task(task.id(), task.project(), task.title(), task.done(), due))
                .map(task -> {
                    locked(workspaceId, ws -> {
                        Origin known = ws.origins.getOrDefault(id, Origin.UNKNOWN);
                        ws.origins.put(
                                id,
                                new Origin(
                                        known.userId().isEmpty() ? origin.userId() : known.userId(),
                                        known.conversationId().isEmpty()
                                                ? origin.conversationId()
                                                : known.conversationId()));
                        return null;
                    });
                    return task;
                });
    }

    @Override
    public List<DueTask> dueBetween(LocalDate from, LocalDate to) {
        lock.lock();
        try {
            List<DueTask> due = new ArrayList<>();
            workspaces.forEach((workspaceId, ws) -> ws.projects.values().stream()
                    .flatMap(List::stream)
                    .filter(t -> !t.done() && t.due().isPresent())
                    .filter(t -> !t.due().get().isBefore(from) && !t.due().get().isAfter(to))
                    .filter(t -> !t.due().equals(Optional.ofNullable(ws.reminded.get(t.id()))))
                    .forEach(t -> {
                        Origin origin = ws.origins.getOrDefault(t.id(), Origin.UNKNOWN);
                        due.add(new DueTask(
                                workspaceId,
                                t,
                                Optional.of(origin.userId()).filter(u -> !u.isEmpty()),
                                Optional.of(origin.conversationId()).filter(c -> !c.isEmpty())));
                    }));
            due.sort(Comparator.comparing((DueTask d) -> d.task().due().orElseThrow())
                    .thenComparing(DueTask::workspaceId)
                    .thenComparingInt(d -> d.task().id()));
            return List.copyOf(due);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean claimReminder(String workspaceId, int id, LocalDate due) {
        return locked(workspaceId, ws -> {
            boolean open = ws.projects.values().stream()
                    .flatMap(List::stream)
                    .anyMatch(t -> t.id() == id && !t.done() && t.due().equals(Optional.of(due)));
            if (!open || due.equals(ws.reminded.get(id))) {
                return false;
            }
            ws.reminded.put(id, due);
            return true;
        });
    }

    @Override
    public void releaseReminder(String workspaceId, int id, LocalDate due) {
        locked(workspaceId, ws -> ws.reminded.remove(id, due));
    }

    @Override
    public Optional<Task> toggleTask(String workspaceId, int id) {
        return locked(workspaceId, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    Task task = tasks.get(i);
                    if (task.id() == id) {
                        Task toggled = new Task(task.id(), task.project(), task.title(), !task.done(), task.due());
                        tasks.set(i, toggled);
                        return Optional.of(toggled);
                    }
                }
            }
            return Optional.empty();
        });
    }

    private Optional<Task> replaceTask(String workspaceId, int id, UnaryOperator<Task> change) {
        return locked(workspaceId, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    if (tasks.get(i).id() == id) {
                        Task changed = change.apply(tasks.get(i));
                        tasks.set(i, changed);
                        return Optional.of(changed);
                    }
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public Optional<Task> deleteTask(String workspaceId, int id) {
        return locked(workspaceId, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (Task task : tasks) {
                    if (task.id() == id) {
                        tasks.remove(task);
                        return Optional.of(task);
                    }
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public Idea addIdea(String workspaceId, String text, String author) {
        return locked(workspaceId, ws -> {
            Idea idea = new Idea(ws.nextIdea++, text, author);
            ws.ideas.add(idea);
            return idea;
        });
    }

    @Override
    public List<Idea> ideas(String workspaceId) {
        return locked(workspaceId, ws -> List.copyOf(ws.ideas));
    }

    private <T> T locked(String workspaceId, Function<Workspace, T> work) {
        lock.lock();
        try {
            return work.apply(workspaces.computeIfAbsent(workspaceId, w -> new Workspace()));
        } finally {
            lock.unlock();
        }
    }
}

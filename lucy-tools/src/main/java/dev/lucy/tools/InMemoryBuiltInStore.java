package dev.lucy.tools;

import dev.lucy.tools.BuiltInTools.Idea;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** The built-in tools' data in this process only; gone when it stops. One lock, held only for in-memory work. */
final class InMemoryBuiltInStore implements BuiltInStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();

    private static final class Workspace {
        final Map<String, List<Task>> projects = new LinkedHashMap<>();
        final List<Idea> ideas = new ArrayList<>();
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
    public Task createTask(String workspaceId, String project, String title) {
        return locked(workspaceId, ws -> {
            Task task = new Task(ws.nextTask++, project, title, false);
            ws.projects.computeIfAbsent(project, p -> new ArrayList<>()).add(task);
            return task;
        });
    }

    @Override
    public Optional<Task> toggleTask(String workspaceId, int id) {
        return locked(workspaceId, ws -> {
            for (List<Task> tasks : ws.projects.values()) {
                for (int i = 0; i < tasks.size(); i++) {
                    Task task = tasks.get(i);
                    if (task.id() == id) {
                        Task toggled = new Task(task.id(), task.project(), task.title(), !task.done());
                        tasks.set(i, toggled);
                        return Optional.of(toggled);
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

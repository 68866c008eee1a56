package dev.lucy.store;

import dev.lucy.tools.BuiltInStore;
import dev.lucy.tools.BuiltInTools.DueTask;
import dev.lucy.tools.BuiltInTools.Idea;
import dev.lucy.tools.BuiltInTools.Project;
import dev.lucy.tools.BuiltInTools.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in tools' data in SQLite or PostgreSQL (tables from {@code db/lucy-tools/<dialect>/V2__built_in_tools.sql}):
 * {@code BuiltInTools.create(JdbcBuiltInStore.open(database), clock)}. Several processes may share the database. A
 * new id is taken by incrementing the workspace's row in {@code builtin_counters} in the transaction that writes the
 * task or idea: on PostgreSQL the update locks the row until commit, on SQLite writers take turns, so no two calls
 * ever get the same id, in one process or several. Thread safe, blocking.
 */
public final class JdbcBuiltInStore implements BuiltInStore {
    private static final String TASK_COLUMNS = "id, project, title, done, due_date";

    private final Database database;

    private JdbcBuiltInStore(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. The caller keeps closing the database. */
    public static JdbcBuiltInStore open(Database database) {
        return Objects.requireNonNull(database, "database").open(JdbcApprovalAudit.COMPONENT, JdbcBuiltInStore::new);
    }

    @Override
    public List<Project> projects(String workspaceId) {
        return database.read(connection -> {
            // One statement, so the projects and their tasks come from the same moment.
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT p.name, t.id, t.title, t.done, t.due_date"
                            + " FROM builtin_projects p LEFT JOIN builtin_tasks t"
                            + " ON t.workspace_id = p.workspace_id AND t.project = p.name"
                            + " WHERE p.workspace_id = ? ORDER BY p.position, t.id")) {
                select.setString(1, workspaceId);
                try (ResultSet rows = select.executeQuery()) {
                    Map<String, List<Task>> projects = new LinkedHashMap<>();
                    while (rows.next()) {
                        String name = rows.getString("name");
                        List<Task> tasks = projects.computeIfAbsent(name, n -> new ArrayList<>());
                        int id = rows.getInt("id");
                        if (!rows.wasNull()) {
                            tasks.add(new Task(id, name, rows.getString("title"), rows.getBoolean("done"), due(rows)));
                        }
                    }
                    return projects.entrySet().stream()
                            .map(e -> new Project(e.getKey(), List.copyOf(e.getValue())))
                            .toList();
                }
            }
        });
    }

    @Override
    public Task createTask(String workspaceId, String project, String title, Origin origin, Optional<LocalDate> due) {
        return database.inTransaction(connection -> {
            int id = nextId(connection, workspaceId, "next_task");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO builtin_projects"
                    + " (workspace_id, name) VALUES (?, ?) ON CONFLICT (workspace_id, name) DO NOTHING")) {
                insert.setString(1, workspaceId);
                insert.setString(2, project);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO builtin_tasks (workspace_id, id, project, title, done, due_date, creator_id,"
                            + " conversation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, workspaceId);
                insert.setInt(2, id);
                insert.setString(3, project);
                insert.setString(4, title);
                insert.setBoolean(5, false);
                insert.setString(6, due.map(LocalDate::toString).orElse(null));
                insert.setString(7, blankToNull(origin.userId()));
                insert.setString(8, blankToNull(origin.conversationId()));
                insert.executeUpdate();
            }
            return new Task(id, project, title, false, due);
        });
    }

    @Override
    public Optional<Task> toggleTask(String workspaceId, int id) {
        // Flipped in the database, so two toggles at once flip it twice rather than once.
        return updateTask(workspaceId, id, "done = NOT done");
    }

    @Override
    public Optional<Task> setDue(String workspaceId, int id, Optional<LocalDate> due, Origin origin) {
        // A task made before due dates existed has no origin: the person setting its date becomes it.
        return updateTask(
                workspaceId,
                id,
                "due_date = ?, creator_id = COALESCE(creator_id, ?), conversation_id = COALESCE(conversation_id, ?)",
                due.map(LocalDate::toString).orElse(null),
                blankToNull(origin.userId()),
                blankToNull(origin.conversationId()));
    }

    /**
     * Sets {@code assignments} (their {@code ?} bound to {@code values} in order) on the task, and reads it back as
     * it is now; empty when there is no such task.
     */
    private Optional<Task> updateTask(String workspaceId, int id, String assignments, String... values) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE builtin_tasks SET " + assignments + " WHERE workspace_id = ? AND id = ?")) {
                int at = 1;
                for (String value : values) {
                    update.setString(at++, value);
                }
                update.setString(at++, workspaceId);
                update.setInt(at, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return findTask(connection, workspaceId, id);
        });
    }

    @Override
    public List<DueTask> dueBetween(LocalDate from, LocalDate to) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT workspace_id, " + TASK_COLUMNS
                    + ", creator_id, conversation_id FROM builtin_tasks WHERE done = ? AND due_date >= ?"
                    + " AND due_date <= ? AND (reminded_for IS NULL OR reminded_for <> due_date)"
                    + " ORDER BY due_date, workspace_id, id")) {
                select.setBoolean(1, false);
                select.setString(2, from.toString());
                select.setString(3, to.toString());
                try (ResultSet rows = select.executeQuery()) {
                    List<DueTask> due = new ArrayList<>();
                    while (rows.next()) {
                        due.add(new DueTask(
                                rows.getString("workspace_id"),
                                task(rows),
                                Optional.ofNullable(rows.getString("creator_id")),
                                Optional.ofNullable(rows.getString("conversation_id"))));
                    }
                    return List.copyOf(due);
                }
            }
        });
    }

    @Override
    public boolean claimReminder(String workspaceId, int id, LocalDate due) {
        // A compare-and-set on the row: of several replicas claiming at once, one changes it.
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE builtin_tasks SET reminded_for = ?"
                    + " WHERE workspace_id = ? AND id = ? AND done = ? AND due_date = ?"
                    + " AND (reminded_for IS NULL OR reminded_for <> ?)")) {
                update.setString(1, due.toString());
                update.setString(2, workspaceId);
                update.setInt(3, id);
                update.setBoolean(4, false);
                update.setString(5, due.toString());
                update.setString(6, due.toString());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void releaseReminder(String workspaceId, int id, LocalDate due) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE builtin_tasks SET reminded_for = NULL"
                    + " WHERE workspace_id = ? AND id = ? AND reminded_for = ?")) {
                update.setString(1, workspaceId);
                update.setInt(2, id);
                update.setString(3, due.toString());
                return update.executeUpdate();
            }
        });
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }

    private static Optional<LocalDate> due(ResultSet rows) throws SQLException {
        return Optional.ofNullable(rows.getString("due_date")).map(LocalDate::parse);
    }

    @Override
    public Optional<Task> deleteTask(String workspaceId, int id) {
        return database.inTransaction(connection -> {
            Optional<Task> task = findTask(connection, workspaceId, id);
            if (task.isEmpty()) {
                return task;
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM builtin_tasks WHERE workspace_id = ? AND id = ?")) {
                delete.setString(1, workspaceId);
                delete.setInt(2, id);
                // Zero rows: a concurrent call deleted it first, and this one found nothing to delete.
                return delete.executeUpdate() == 1 ? task : Optional.<Task>empty();
            }
        });
    }

    @Override
    public Idea addIdea(String workspaceId, String text, String author) {
        return database.inTransaction(connection -> {
            int id = nextId(connection, workspaceId, "next_idea");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO builtin_ideas (workspace_id, id, text, author) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, workspaceId);
                insert.setInt(2, id);
                insert.setString(3, text);
                insert.setString(4, author);
                insert.executeUpdate();
            }
            return new Idea(id, text, author);
        });
    }

    @Override
    public List<Idea> ideas(String workspaceId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, text, author FROM builtin_ideas WHERE workspace_id = ? ORDER BY id")) {
                select.setString(1, workspaceId);
                try (ResultSet rows = select.executeQuery()) {
                    List<Idea> ideas = new ArrayList<>();
                    while (rows.next()) {
                        ideas.add(new Idea(rows.getInt("id"), rows.getString("text"), rows.getString("author")));
                    }
                    return List.copyOf(ideas);
                }
            }
        });
    }

    /** Takes the workspace's next id from {@code column}; the row stays locked until the transaction ends. */
    private static int nextId(Connection connection, String workspaceId, String column) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO builtin_counters"
                + " (workspace_id, next_task, next_idea) VALUES (?, 1, 1) ON CONFLICT (workspace_id) DO NOTHING")) {
            insert.setString(1, workspaceId);
            insert.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE builtin_counters SET " + column + " = " + column + " + 1 WHERE workspace_id = ?")) {
            update.setString(1, workspaceId);
            update.executeUpdate();
        }
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + column + " FROM builtin_counters WHERE workspace_id = ?")) {
            select.setString(1, workspaceId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1) - 1;
            }
        }
    }

    private static Optional<Task> findTask(Connection connection, String workspaceId, int id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + TASK_COLUMNS + " FROM builtin_tasks WHERE workspace_id = ? AND id = ?")) {
            select.setString(1, workspaceId);
            select.setInt(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(task(rows)) : Optional.empty();
            }
        }
    }

    private static Task task(ResultSet rows) throws SQLException {
        return new Task(
                rows.getInt("id"),
                rows.getString("project"),
                rows.getString("title"),
                rows.getBoolean("done"),
                due(rows));
    }
}

package dev.lucy.store;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Task;
import dev.lucy.core.runtime.TaskState;
import dev.lucy.core.runtime.TaskStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link TaskStore} in SQLite or PostgreSQL, so background tasks outlive the process running them and a restart
 * can tell their users what it interrupted. Thread safe, blocking.
 */
public final class JdbcTaskStore implements TaskStore {
    private static final String COLUMNS =
            "id, workspace_id, user_id, conversation_id, request, state, progress, created_at, updated_at";
    private static final String UNFINISHED = Arrays.stream(TaskState.values())
            .filter(state -> !state.terminal())
            .map(state -> "'" + state.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private final Database database;

    private JdbcTaskStore(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. */
    public static JdbcTaskStore open(Database database) {
        return Objects.requireNonNull(database, "database").open(JdbcDedupStore.COMPONENT, JdbcTaskStore::new);
    }

    @Override
    public void save(Task task) {
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO runtime_tasks (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
                    + " progress = excluded.progress, updated_at = excluded.updated_at")) {
                upsert.setString(1, task.id());
                upsert.setString(2, task.caller().workspaceId());
                upsert.setString(3, task.caller().userId());
                upsert.setString(4, task.caller().conversationId());
                upsert.setString(5, task.request());
                upsert.setString(6, task.state().name());
                upsert.setString(7, task.progress());
                upsert.setLong(8, task.createdAt().toEpochMilli());
                upsert.setLong(9, task.updatedAt().toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Task> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + COLUMNS + " FROM runtime_tasks WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(task(rows)) : Optional.<Task>empty();
                }
            }
        });
    }

    @Override
    public List<Task> unfinished() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                            + " FROM runtime_tasks WHERE state IN " + UNFINISHED + " ORDER BY created_at, id");
                    ResultSet rows = select.executeQuery()) {
                List<Task> tasks = new ArrayList<>();
                while (rows.next()) {
                    tasks.add(task(rows));
                }
                return tasks;
            }
        });
    }

    private static Task task(ResultSet row) throws SQLException {
        return new Task(
                row.getString("id"),
                new Caller(row.getString("workspace_id"), row.getString("user_id"), row.getString("conversation_id")),
                row.getString("request"),
                TaskState.valueOf(row.getString("state")),
                row.getString("progress"),
                Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")));
    }
}

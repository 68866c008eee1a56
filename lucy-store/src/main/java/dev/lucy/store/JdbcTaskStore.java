package dev.lucy.store;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Task;
import dev.lucy.core.runtime.TaskState;
import dev.lucy.core.runtime.TaskStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link TaskStore} in SQLite or PostgreSQL, so background tasks outlive the process running them: a restart of
 * the same instance resumes its own ({@link #resume}), and with several replicas on one database another takes over
 * those of a replica that went silent ({@link #takeOver}, reading the beats {@link JdbcReplicas} records). A save
 * names its owner and attempt; the stored task is replaced only when both still match, so a process that lost the
 * task cannot overwrite the newer attempt. Thread safe, blocking.
 */
public final class JdbcTaskStore implements TaskStore {
    private static final String COLUMNS =
            "id, workspace_id, user_id, conversation_id, request, state, progress, created_at, updated_at, attempt, owner";
    private static final String UNFINISHED = Arrays.stream(TaskState.values())
            .filter(state -> !state.terminal())
            .map(state -> "'" + state.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private final Database database;
    private final String owner;

    private JdbcTaskStore(Database database, String owner) {
        this.database = database;
        this.owner = owner;
    }

    /**
     * Opens the tasks of {@code owner} (this instance's name, the same across its restarts and the one its inbox
     * uses) on {@code database}, bringing its tables up to date.
     */
    public static JdbcTaskStore open(Database database, String owner) {
        String checked = JdbcInbox.checkOwner(owner);
        return Objects.requireNonNull(database, "database")
                .open(JdbcDedupStore.COMPONENT, d -> new JdbcTaskStore(d, checked));
    }

    @Override
    public void save(Task task) {
        database.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO runtime_tasks (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
                    + " progress = excluded.progress, updated_at = excluded.updated_at"
                    + " WHERE runtime_tasks.owner = excluded.owner AND runtime_tasks.attempt = excluded.attempt")) {
                upsert.setString(1, task.id());
                upsert.setString(2, task.caller().workspaceId());
                upsert.setString(3, task.caller().userId());
                upsert.setString(4, task.caller().conversationId());
                upsert.setString(5, StoredText.of(task.request()));
                upsert.setString(6, task.state().name());
                upsert.setString(7, StoredText.of(task.progress()));
                upsert.setLong(8, task.createdAt().toEpochMilli());
                upsert.setLong(9, task.updatedAt().toEpochMilli());
                upsert.setInt(10, task.attempt());
                upsert.setString(11, owner);
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
        return database.read(
                connection -> select(connection, "").stream().map(Row::task).toList());
    }

    @Override
    public List<Task> recent(String workspaceId, String userId, int limit) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM runtime_tasks WHERE workspace_id = ? AND user_id = ? AND state NOT IN " + UNFINISHED
                    + " ORDER BY updated_at DESC, id LIMIT ?")) {
                select.setString(1, workspaceId);
                select.setString(2, userId);
                select.setInt(3, Math.max(0, limit));
                try (ResultSet rows = select.executeQuery()) {
                    List<Task> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(task(rows));
                    }
                    return found;
                }
            }
        });
    }

    @Override
    public List<Task> resume(Instant now) {
        return take(now, " AND owner = ?", owner);
    }

    @Override
    public List<Task> takeOver(Duration silence, Instant now) {
        return take(
                now,
                " AND " + JdbcReplicas.silent("runtime_tasks.owner"),
                owner,
                now.minus(silence).toEpochMilli());
    }

    /**
     * Takes the unfinished tasks matching {@code where} for their next attempt, as this owner's: each only if its
     * owner and attempt are still those read, so of two takers one wins.
     */
    private List<Task> take(Instant now, String where, Object... parameters) {
        return database.inTransaction(connection -> {
            List<Task> taken = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement("UPDATE runtime_tasks SET owner = ?,"
                    + " attempt = ?, state = ?, progress = ?, updated_at = ? WHERE id = ? AND owner = ?"
                    + " AND attempt = ?")) {
                for (Row row : select(connection, where, parameters)) {
                    Task next = row.task().nextAttempt(now);
                    take.setString(1, owner);
                    take.setInt(2, next.attempt());
                    take.setString(3, next.state().name());
                    take.setString(4, next.progress());
                    take.setLong(5, now.toEpochMilli());
                    take.setString(6, next.id());
                    take.setString(7, row.owner());
                    take.setInt(8, row.task().attempt());
                    if (take.executeUpdate() == 1) {
                        taken.add(next);
                    }
                }
            }
            return taken;
        });
    }

    private static List<Row> select(Connection connection, String where, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM runtime_tasks WHERE state IN " + UNFINISHED + where + " ORDER BY created_at, id")) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Row> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(new Row(task(rows), rows.getString("owner")));
                }
                return found;
            }
        }
    }

    private record Row(Task task, String owner) {}

    private static Task task(ResultSet row) throws SQLException {
        return new Task(
                row.getString("id"),
                new Caller(row.getString("workspace_id"), row.getString("user_id"), row.getString("conversation_id")),
                row.getString("request"),
                TaskState.valueOf(row.getString("state")),
                row.getString("progress"),
                Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")),
                row.getInt("attempt"));
    }
}

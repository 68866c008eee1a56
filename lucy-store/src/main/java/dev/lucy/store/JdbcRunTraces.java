package dev.lucy.store;

import dev.lucy.core.spi.DailyUsage;
import dev.lucy.core.spi.ModelUsage;
import dev.lucy.core.spi.RunTrace;
import dev.lucy.core.spi.RunTraces;
import dev.lucy.core.spi.TraceQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RunTraces} in SQLite or PostgreSQL ({@code run_traces}, {@code run_trace_steps}, {@code run_trace_models}): the web console's record of
 * what runs did, shared by every replica on the database. A save replaces the run's row and steps in one transaction.
 * Thread safe, blocking.
 */
public final class JdbcRunTraces implements RunTraces {
    private static final String COLUMNS = "run_id, workspace_id, channel_id, conversation_id, user_id, started_at,"
            + " ended_at, outcome, triage, queue_wait_ms, prompt_tokens, completion_tokens";

    private static final long DAY_MILLIS = 86_400_000L;

    private final Database database;

    private JdbcRunTraces(Database database) {
        this.database = database;
    }

    /** Opens the store on {@code database}, bringing its tables up to date. The caller keeps closing the database. */
    public static JdbcRunTraces open(Database database) {
        return Objects.requireNonNull(database, "database").open(JdbcDedupStore.COMPONENT, JdbcRunTraces::new);
    }

    @Override
    public void save(RunTrace trace) {
        saveAll(List.of(Objects.requireNonNull(trace, "trace")));
    }

    /** Writes every trace in one transaction, each statement prepared once and sent as a batch. */
    @Override
    public void saveAll(List<RunTrace> traces) {
        // A run saved twice in one batch is saved as its last trace, as two saves would leave it.
        Map<String, RunTrace> byRun = new LinkedHashMap<>();
        traces.forEach(trace -> byRun.put(trace.runId(), trace));
        List<RunTrace> batch = List.copyOf(byRun.values());
        if (batch.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement steps = connection.prepareStatement("DELETE FROM run_trace_steps WHERE run_id = ?");
                    PreparedStatement models =
                            connection.prepareStatement("DELETE FROM run_trace_models WHERE run_id = ?");
                    PreparedStatement runs = connection.prepareStatement("DELETE FROM run_traces WHERE run_id = ?")) {
                for (RunTrace trace : batch) {
                    for (PreparedStatement delete : List.of(steps, models, runs)) {
                        delete.setString(1, trace.runId());
                        delete.addBatch();
                    }
                }
                steps.executeBatch();
                models.executeBatch();
                runs.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_traces (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RunTrace trace : batch) {
                    insert.setString(1, trace.runId());
                    insert.setString(2, trace.workspaceId());
                    insert.setString(3, trace.channelId());
                    insert.setString(4, trace.conversationId());
                    insert.setString(5, trace.userId());
                    insert.setLong(6, trace.startedAt().toEpochMilli());
                    insert.setLong(7, trace.endedAt().toEpochMilli());
                    insert.setString(8, trace.outcome().name());
                    insert.setString(9, trace.triage());
                    insert.setLong(10, trace.queueWait().toMillis());
                    insert.setLong(11, trace.promptTokens());
                    insert.setLong(12, trace.completionTokens());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO run_trace_steps"
                    + " (run_id, position, at, kind, title, detail, took_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int rows = 0;
                for (RunTrace trace : batch) {
                    int position = 0;
                    for (RunTrace.Step step : trace.steps()) {
                        insert.setString(1, trace.runId());
                        insert.setInt(2, position++);
                        insert.setLong(3, step.at().toEpochMilli());
                        insert.setString(4, step.kind().name());
                        insert.setString(5, step.title());
                        insert.setString(6, step.detail());
                        insert.setLong(7, step.took().toMillis());
                        insert.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    insert.executeBatch();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO run_trace_models"
                    + " (run_id, model, requests, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?)")) {
                int rows = 0;
                for (RunTrace trace : batch) {
                    for (RunTrace.ModelUse use : trace.models()) {
                        insert.setString(1, trace.runId());
                        insert.setString(2, use.model());
                        insert.setLong(3, use.requests());
                        insert.setLong(4, use.promptTokens());
                        insert.setLong(5, use.completionTokens());
                        insert.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public List<RunTrace> find(TraceQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.workspaces().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM run_traces WHERE workspace_id IN (");
        List<Object> parameters = new ArrayList<>(query.workspaces());
        sql.append("?, ".repeat(query.workspaces().size() - 1)).append("?)");
        query.userId().ifPresent(user -> {
            sql.append(" AND user_id = ?");
            parameters.add(user);
        });
        query.channelId().ifPresent(channel -> {
            sql.append(" AND channel_id = ?");
            parameters.add(channel);
        });
        query.outcome().ifPresent(outcome -> {
            sql.append(" AND outcome = ?");
            parameters.add(outcome.name());
        });
        query.since().ifPresent(since -> {
            sql.append(" AND started_at >= ?");
            parameters.add(since.toEpochMilli());
        });
        query.until().ifPresent(until -> {
            sql.append(" AND started_at < ?");
            parameters.add(until.toEpochMilli());
        });
        sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT ?");
        parameters.add(query.limit());
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<RunTrace> traces = new ArrayList<>();
                    while (rows.next()) {
                        traces.add(trace(rows, List.of()));
                    }
                    return List.copyOf(traces);
                }
            }
        });
    }

    @Override
    public List<DailyUsage> usage(Set<String> workspaces, Instant since) {
        return sumsPerDay(
                "SELECT started_at / " + DAY_MILLIS + ", workspace_id, COUNT(*), SUM(prompt_tokens),"
                        + " SUM(completion_tokens) FROM run_traces WHERE workspace_id IN (%s) AND started_at >= ?"
                        + " GROUP BY 1, 2 ORDER BY 1 DESC, 2",
                workspaces,
                since,
                rows -> new DailyUsage(
                        LocalDate.ofEpochDay(rows.getLong(1)),
                        rows.getString(2),
                        rows.getLong(3),
                        rows.getLong(4),
                        rows.getLong(5)));
    }

    @Override
    public List<ModelUsage> modelUsage(Set<String> workspaces, Instant since) {
        return sumsPerDay(
                "SELECT t.started_at / " + DAY_MILLIS + ", t.workspace_id, m.model, SUM(m.requests),"
                        + " SUM(m.prompt_tokens), SUM(m.completion_tokens) FROM run_trace_models m JOIN run_traces t"
                        + " ON t.run_id = m.run_id WHERE t.workspace_id IN (%s) AND t.started_at >= ?"
                        + " GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3",
                workspaces,
                since,
                rows -> new ModelUsage(
                        LocalDate.ofEpochDay(rows.getLong(1)),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getLong(4),
                        rows.getLong(5),
                        rows.getLong(6)));
    }

    /** One row read into a sum. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /**
     * The rows of {@code sql}, whose {@code %s} takes one placeholder per workspace and whose last parameter is the
     * start of the time asked for; none without workspaces.
     */
    private <T> List<T> sumsPerDay(String sql, Set<String> workspaces, Instant since, Row<T> row) {
        if (workspaces.isEmpty()) {
            return List.of();
        }
        List<String> in = List.copyOf(workspaces);
        String query = sql.formatted("?, ".repeat(in.size() - 1) + "?");
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(query)) {
                for (int i = 0; i < in.size(); i++) {
                    select.setString(i + 1, in.get(i));
                }
                select.setLong(in.size() + 1, since.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    List<T> sums = new ArrayList<>();
                    while (rows.next()) {
                        sums.add(row.read(rows));
                    }
                    return List.copyOf(sums);
                }
            }
        });
    }

    @Override
    public Optional<RunTrace> get(String runId) {
        Objects.requireNonNull(runId, "runId");
        return database.read(connection -> {
            List<RunTrace.Step> steps = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT at, kind, title, detail, took_ms"
                    + " FROM run_trace_steps WHERE run_id = ? ORDER BY position")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        steps.add(new RunTrace.Step(
                                Instant.ofEpochMilli(rows.getLong(1)),
                                RunTrace.Kind.valueOf(rows.getString(2)),
                                rows.getString(3),
                                rows.getString(4),
                                Duration.ofMillis(rows.getLong(5))));
                    }
                }
            }
            List<RunTrace.ModelUse> models = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT model, requests, prompt_tokens,"
                    + " completion_tokens FROM run_trace_models WHERE run_id = ? ORDER BY model")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        models.add(new RunTrace.ModelUse(
                                rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                    }
                }
            }
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT " + COLUMNS + " FROM run_traces WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(trace(rows, steps, models)) : Optional.<RunTrace>empty();
                }
            }
        });
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        long before = cutoff.toEpochMilli();
        return database.inTransaction(connection -> {
            try (PreparedStatement steps = connection.prepareStatement("DELETE FROM run_trace_steps WHERE run_id IN"
                    + " (SELECT run_id FROM run_traces WHERE started_at < ?)")) {
                steps.setLong(1, before);
                steps.executeUpdate();
            }
            try (PreparedStatement models = connection.prepareStatement("DELETE FROM run_trace_models WHERE run_id"
                    + " IN (SELECT run_id FROM run_traces WHERE started_at < ?)")) {
                models.setLong(1, before);
                models.executeUpdate();
            }
            try (PreparedStatement runs = connection.prepareStatement("DELETE FROM run_traces WHERE started_at < ?")) {
                runs.setLong(1, before);
                return runs.executeUpdate();
            }
        });
    }

    private static RunTrace trace(ResultSet rows, List<RunTrace.Step> steps) throws SQLException {
        return trace(rows, steps, List.of());
    }

    private static RunTrace trace(ResultSet rows, List<RunTrace.Step> steps, List<RunTrace.ModelUse> models)
            throws SQLException {
        return new RunTrace(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                Instant.ofEpochMilli(rows.getLong(6)),
                Instant.ofEpochMilli(rows.getLong(7)),
                RunTrace.Outcome.valueOf(rows.getString(8)),
                rows.getString(9),
                Duration.ofMillis(rows.getLong(10)),
                rows.getLong(11),
                rows.getLong(12),
                steps,
                models);
    }
}

package dev.lucy.store;

import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleStore;
import dev.lucy.tools.ScheduleTiming;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tools' {@link ScheduleStore} in SQLite or PostgreSQL ({@code schedules}, component {@code lucy-runtime}): every
 * change is an {@code UPDATE ... WHERE version = ?}, so replicas sharing the database claim each time of a schedule
 * exactly once between them. A claim stays open, under this store's owner, until {@link #started}; the open claims of
 * a replica that went silent ({@code runtime_replicas}) are {@link #takeOver taken over}. Thread safe, blocking.
 */
public final class JdbcScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "id, workspace_id, creator_id, conversation_id, instruction, cron, once_at,"
            + " zone, state, missed_runs, failures, next_run_at, created_at, version";

    private final Database database;
    private final String owner;

    private JdbcScheduleStore(Database database, String owner) {
        this.database = database;
        this.owner = owner;
    }

    /**
     * Opens the store on {@code database} for {@code owner} (this instance's name, the one its runtime's replicas beat
     * under), bringing its tables up to date.
     */
    public static JdbcScheduleStore open(Database database, String owner) {
        Objects.requireNonNull(database, "database");
        String checked = JdbcInbox.checkOwner(owner);
        return database.open(JdbcDedupStore.COMPONENT, d -> new JdbcScheduleStore(d, checked));
    }

    @Override
    public void create(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schedules (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, schedule.id());
                insert.setString(2, schedule.workspaceId());
                insert.setString(3, schedule.creatorId());
                insert.setString(4, schedule.conversationId());
                bindPlan(insert, 5, schedule);
                insert.setLong(13, schedule.createdAt().toEpochMilli());
                insert.setLong(14, schedule.version());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Schedule> find(String id) {
        Objects.requireNonNull(id, "id");
        List<Schedule> found = select("WHERE id = ?", ps -> ps.setString(1, id));
        return found.stream().findFirst();
    }

    @Override
    public List<Schedule> list(String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return select("WHERE workspace_id = ? ORDER BY created_at, id", ps -> ps.setString(1, workspaceId));
    }

    @Override
    public List<Schedule> all() {
        return select("ORDER BY created_at, id", ps -> {});
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        return select("WHERE state = ? AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?", ps -> {
            ps.setString(1, Schedule.State.ACTIVE.name());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
        });
    }

    @Override
    public Optional<Instant> earliest() {
        return database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT MIN(next_run_at) FROM schedules WHERE state = ?")) {
                select.setString(1, Schedule.State.ACTIVE.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<Instant>empty();
                    }
                    long at = rows.getLong(1);
                    return rows.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(at));
                }
            }
        });
    }

    @Override
    public Optional<Schedule> replace(Schedule expected, Schedule changed) {
        return update(expected, changed, Optional.empty());
    }

    private Optional<Schedule> update(Schedule expected, Schedule changed, Optional<Instant> claim) {
        checkSameId(expected, changed);
        boolean done = database.inTransaction(c -> update(c, expected, changed, claim));
        return done ? Optional.of(stored(expected, changed)) : Optional.empty();
    }

    /** The compare-and-set of {@link #replace}, and the claim of {@code due} by this owner, in one statement. */
    @Override
    public Optional<Schedule> claim(Schedule expected, Schedule changed, Instant due) {
        Objects.requireNonNull(due, "due");
        return update(expected, changed, Optional.of(due));
    }

    /** All the claims in one transaction: a look's due schedules start together. */
    @Override
    public List<Schedule> claimAll(List<Move> moves) {
        moves.forEach(m -> checkSameId(m.expected(), m.changed()));
        if (moves.isEmpty()) {
            return List.of();
        }
        return database.inTransaction(c -> {
            List<Schedule> won = new ArrayList<>();
            for (Move move : moves) {
                if (update(c, move.expected(), move.changed(), Optional.of(move.due()))) {
                    won.add(stored(move.expected(), move.changed()));
                }
            }
            return List.copyOf(won);
        });
    }

    private boolean update(Connection c, Schedule expected, Schedule changed, Optional<Instant> claim)
            throws SQLException {
        String claiming = claim.isPresent() ? ", claimed_due = ?, claimed_by = ?" : "";
        try (PreparedStatement update = c.prepareStatement("UPDATE schedules SET instruction = ?, cron = ?,"
                + " once_at = ?, zone = ?, state = ?, missed_runs = ?, failures = ?, next_run_at = ?,"
                + " conversation_id = ?, version = ?" + claiming + " WHERE id = ? AND version = ?")) {
            bindPlan(update, 1, changed);
            update.setString(9, changed.conversationId());
            update.setLong(10, expected.version() + 1);
            int at = 11;
            if (claim.isPresent()) {
                update.setLong(at++, claim.get().toEpochMilli());
                update.setString(at++, owner);
            }
            update.setString(at++, expected.id());
            update.setLong(at, expected.version());
            return update.executeUpdate() == 1;
        }
    }

    private static void checkSameId(Schedule expected, Schedule changed) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(changed, "changed");
        if (!expected.id().equals(changed.id())) {
            throw new IllegalArgumentException("a schedule keeps its id: " + expected.id() + " -> " + changed.id());
        }
    }

    /** The row as an update wrote it: no need to read it back. */
    private static Schedule stored(Schedule expected, Schedule changed) {
        return new Schedule(
                changed.id(),
                expected.workspaceId(),
                expected.creatorId(),
                changed.conversationId(),
                changed.instruction(),
                changed.timing(),
                changed.state(),
                changed.missedRuns(),
                changed.failures(),
                changed.nextRunAt(),
                expected.createdAt(),
                expected.version() + 1);
    }

    @Override
    public void started(String scheduleId, Instant due) {
        database.inTransaction(c -> {
            try (PreparedStatement close = c.prepareStatement("UPDATE schedules SET claimed_due = NULL, claimed_by ="
                    + " NULL WHERE id = ? AND claimed_due = ? AND claimed_by = ?")) {
                close.setString(1, scheduleId);
                close.setLong(2, due.toEpochMilli());
                close.setString(3, owner);
                return close.executeUpdate();
            }
        });
    }

    @Override
    public List<Claim> takeOver(Duration silence, Instant now) {
        record Open(String id, long due, String owner) {}
        List<Open> open = database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, claimed_due, claimed_by FROM schedules"
                    + " WHERE claimed_due IS NOT NULL AND " + JdbcReplicas.silent("schedules.claimed_by"))) {
                select.setString(1, owner);
                select.setLong(2, now.minus(silence).toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    List<Open> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new Open(rows.getString(1), rows.getLong(2), rows.getString(3)));
                    }
                    return found;
                }
            }
        });
        List<Claim> taken = new ArrayList<>();
        for (Open claim : open) {
            int updated = database.inTransaction(c -> {
                try (PreparedStatement take = c.prepareStatement("UPDATE schedules SET claimed_by = ? WHERE id = ?"
                        + " AND claimed_due = ? AND claimed_by = ?")) {
                    take.setString(1, owner);
                    take.setString(2, claim.id());
                    take.setLong(3, claim.due());
                    take.setString(4, claim.owner());
                    return take.executeUpdate();
                }
            });
            if (updated == 1) {
                find(claim.id()).ifPresent(s -> taken.add(new Claim(s, Instant.ofEpochMilli(claim.due()))));
            }
        }
        return List.copyOf(taken);
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        return database.inTransaction(c -> {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM schedules WHERE id = ?")) {
                        delete.setString(1, id);
                        return delete.executeUpdate();
                    }
                })
                == 1;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<Schedule> select(String where, Binder binder) {
        return database.read(c -> query(c, where, binder));
    }

    private static List<Schedule> query(Connection c, String where, Binder binder) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM schedules " + where)) {
            binder.bind(select);
            try (ResultSet rows = select.executeQuery()) {
                List<Schedule> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(read(rows));
                }
                return List.copyOf(found);
            }
        }
    }

    private static Schedule read(ResultSet rows) throws SQLException {
        ZoneId zone = ZoneId.of(rows.getString(8));
        String cron = rows.getString(6);
        long onceAt = rows.getLong(7);
        ScheduleTiming timing = cron != null
                ? ScheduleTiming.cron(cron, zone)
                : ScheduleTiming.once(Instant.ofEpochMilli(onceAt), zone);
        long next = rows.getLong(12);
        Optional<Instant> nextRunAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
        return new Schedule(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                timing,
                Schedule.State.valueOf(rows.getString(9)),
                Schedule.MissedRuns.valueOf(rows.getString(10)),
                rows.getInt(11),
                nextRunAt,
                Instant.ofEpochMilli(rows.getLong(13)),
                rows.getLong(14));
    }

    /**
     * The columns a change may write, from {@code at} on in {@link #COLUMNS}' order: instruction, cron, once_at, zone,
     * state, missed_runs, failures, next_run_at.
     */
    private static void bindPlan(PreparedStatement statement, int at, Schedule schedule) throws SQLException {
        statement.setString(at, schedule.instruction());
        bindTiming(statement, at + 1, schedule.timing());
        statement.setString(at + 3, schedule.timing().zone().getId());
        statement.setString(at + 4, schedule.state().name());
        statement.setString(at + 5, schedule.missedRuns().name());
        statement.setInt(at + 6, schedule.failures());
        bindInstant(statement, at + 7, schedule.nextRunAt());
    }

    /** The cron column and the one-off column, one of them NULL. */
    private static void bindTiming(PreparedStatement statement, int at, ScheduleTiming timing) throws SQLException {
        switch (timing) {
            case ScheduleTiming.Cron cron -> {
                statement.setString(at, cron.expression());
                statement.setNull(at + 1, Types.BIGINT);
            }
            case ScheduleTiming.Once once -> {
                statement.setNull(at, Types.VARCHAR);
                statement.setLong(at + 1, once.at().toEpochMilli());
            }
        }
    }

    private static void bindInstant(PreparedStatement statement, int at, Optional<Instant> instant)
            throws SQLException {
        if (instant.isPresent()) {
            statement.setLong(at, instant.get().toEpochMilli());
        } else {
            statement.setNull(at, Types.BIGINT);
        }
    }
}

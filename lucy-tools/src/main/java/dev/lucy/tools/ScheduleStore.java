package dev.lucy.tools;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where schedules are kept. Every change is a compare-and-set on the version a schedule was read at, so that of
 * several processes (replicas on one database) reading the same due schedule, exactly one claims each of its times.
 *
 * <p>Implementations are thread safe and may block (a database). {@link #inMemory()} is the default, for one
 * process; lucy-store keeps them in SQLite or PostgreSQL ({@code JdbcScheduleStore}).
 */
public interface ScheduleStore {
    /** Stores a new schedule (version 0). */
    void create(Schedule schedule);

    /** The schedule with this id, in any workspace. */
    Optional<Schedule> find(String id);

    /** Every schedule of a workspace, oldest first. */
    List<Schedule> list(String workspaceId);

    /** Every schedule, oldest first, for operators. */
    List<Schedule> all();

    /**
     * Active schedules whose next time is at or before {@code now}, earliest first, at most {@code limit}.
     */
    List<Schedule> due(Instant now, int limit);

    /**
     * Replaces {@code expected} with {@code changed} (its version one more) if the stored schedule is still at
     * {@code expected}'s version; returns the stored schedule, or empty when someone else changed it first (or it was
     * deleted).
     */
    Optional<Schedule> replace(Schedule expected, Schedule changed);

    /** Deletes the schedule; false when there was none. */
    boolean delete(String id);

    /** Schedules in this process's memory only. */
    static ScheduleStore inMemory() {
        return new InMemoryScheduleStore();
    }
}

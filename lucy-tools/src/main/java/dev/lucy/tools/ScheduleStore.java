package dev.lucy.tools;

import java.time.Duration;
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

    /** The earliest next time of an active schedule, so a scheduler can wake up for it; empty when none. */
    default Optional<Instant> earliest() {
        return all().stream()
                .filter(s -> s.state() == Schedule.State.ACTIVE)
                .flatMap(s -> s.nextRunAt().stream())
                .min(Instant::compareTo);
    }

    /**
     * Replaces {@code expected} with {@code changed} (its version one more) if the stored schedule is still at
     * {@code expected}'s version; returns the stored schedule, or empty when someone else changed it first (or it was
     * deleted).
     */
    Optional<Schedule> replace(Schedule expected, Schedule changed);

    /**
     * Claims the time {@code due} of a due schedule: {@link #replace} it with {@code changed} (moved past that time),
     * and, in a store shared by several processes, keep the claim open until {@link #started} says its run is on its
     * way, so that when this process dies in between another one {@link #takeOver takes it over}. The default is
     * {@link #replace}: one process, whose claims die with it.
     */
    default Optional<Schedule> claim(Schedule expected, Schedule changed, Instant due) {
        return replace(expected, changed);
    }

    /**
     * Claims several due times, each as {@link #claim} does; returns the schedules this process won, in the order
     * given (the ones another process changed first are left out). The default claims them one by one; a database
     * claims them in one transaction, so schedules due together start together.
     */
    default List<Schedule> claimAll(List<Move> moves) {
        List<Schedule> won = new java.util.ArrayList<>();
        for (Move move : moves) {
            claim(move.expected(), move.changed(), move.due()).ifPresent(won::add);
        }
        return List.copyOf(won);
    }

    /** A claim to make: {@code expected} moved to {@code changed}, for its time {@code due}. */
    record Move(Schedule expected, Schedule changed, Instant due) {
        public Move {
            java.util.Objects.requireNonNull(expected, "expected");
            java.util.Objects.requireNonNull(changed, "changed");
            java.util.Objects.requireNonNull(due, "due");
        }
    }

    /** The run of the time {@code due}, claimed by this process, is on its way: its claim is closed. */
    default void started(String scheduleId, Instant due) {}

    /**
     * Claims that processes silent for {@code silence} (no sign of life, as their runtime's replicas tell) left open,
     * taken over by this one; each is taken by one process only. The default: none.
     */
    default List<Claim> takeOver(Duration silence, Instant now) {
        return List.of();
    }

    /** An open claim: the time {@code due} of {@code schedule}, whose run had not started. */
    record Claim(Schedule schedule, Instant due) {
        public Claim {
            java.util.Objects.requireNonNull(schedule, "schedule");
            java.util.Objects.requireNonNull(due, "due");
        }
    }

    /** Deletes the schedule; false when there was none. */
    boolean delete(String id);

    /** Schedules in this process's memory only. */
    static ScheduleStore inMemory() {
        return new InMemoryScheduleStore();
    }
}

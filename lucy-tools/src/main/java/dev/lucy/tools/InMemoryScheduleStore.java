package dev.lucy.tools;

import static dev.lucy.core.Locks.locked;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link ScheduleStore#inMemory()}: a map under one lock. */
final class InMemoryScheduleStore implements ScheduleStore {
    private static final Comparator<Schedule> OLDEST_FIRST =
            Comparator.comparing(Schedule::createdAt).thenComparing(Schedule::id);
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();

    @Override
    public void create(Schedule schedule) {
        if (locked(lock, () -> schedules.putIfAbsent(schedule.id(), schedule)) != null) {
            throw new IllegalArgumentException("a schedule " + schedule.id() + " exists already");
        }
    }

    @Override
    public Optional<Schedule> find(String id) {
        return locked(lock, () -> Optional.ofNullable(schedules.get(id)));
    }

    @Override
    public List<Schedule> list(String workspaceId) {
        return locked(
                lock,
                () -> schedules.values().stream()
                        .filter(s -> s.workspaceId().equals(workspaceId))
                        .sorted(OLDEST_FIRST)
                        .toList());
    }

    @Override
    public List<Schedule> all() {
        return locked(
                lock, () -> schedules.values().stream().sorted(OLDEST_FIRST).toList());
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        return locked(
                lock,
                () -> schedules.values().stream()
                        .filter(s -> s.state() == Schedule.State.ACTIVE
                                && s.nextRunAt().filter(at -> !at.isAfter(now)).isPresent())
                        .sorted(Comparator.comparing(s -> s.nextRunAt().orElseThrow()))
                        .limit(limit)
                        .toList());
    }

    @Override
    public Optional<Schedule> replace(Schedule expected, Schedule changed) {
        return locked(lock, () -> {
            Schedule stored = schedules.get(expected.id());
            if (stored == null || stored.version() != expected.version()) {
                return Optional.empty();
            }
            Schedule next = withVersion(changed, expected.version() + 1);
            schedules.put(next.id(), next);
            return Optional.of(next);
        });
    }

    @Override
    public boolean delete(String id) {
        return locked(lock, () -> schedules.remove(id) != null);
    }

    static Schedule withVersion(Schedule s, long version) {
        return new Schedule(
                s.id(),
                s.workspaceId(),
                s.creatorId(),
                s.conversationId(),
                s.instruction(),
                s.timing(),
                s.state(),
                s.missedRuns(),
                s.failures(),
                s.nextRunAt(),
                s.createdAt(),
                version);
    }
}

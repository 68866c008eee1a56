package dev.lucy.tools;

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
        lock.lock();
        try {
            if (schedules.putIfAbsent(schedule.id(), schedule) != null) {
                throw new IllegalArgumentException("a schedule " + schedule.id() + " exists already");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Schedule> find(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(schedules.get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Schedule> list(String workspaceId) {
        lock.lock();
        try {
            return schedules.values().stream()
                    .filter(s -> s.workspaceId().equals(workspaceId))
                    .sorted(OLDEST_FIRST)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Schedule> all() {
        lock.lock();
        try {
            return schedules.values().stream().sorted(OLDEST_FIRST).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Schedule> due(Instant now, int limit) {
        lock.lock();
        try {
            return schedules.values().stream()
                    .filter(s -> s.state() == Schedule.State.ACTIVE
                            && s.nextRunAt().filter(at -> !at.isAfter(now)).isPresent())
                    .sorted(Comparator.comparing(s -> s.nextRunAt().orElseThrow()))
                    .limit(limit)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Schedule> replace(Schedule expected, Schedule changed) {
        lock.lock();
        try {
            Schedule stored = schedules.get(expected.id());
            if (stored == null || stored.version() != expected.version()) {
                return Optional.empty();
            }
            Schedule next = withVersion(changed, expected.version() + 1);
            schedules.put(next.id(), next);
            return Optional.of(next);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        lock.lock();
        try {
            return schedules.remove(id) != null;
        } finally {
            lock.unlock();
        }
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

package dev.lucy.core.runtime;

import dev.lucy.core.Locks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link SettingsStore#inMemory}: maps under one lock, so a write and its audit record are one step. */
final class InMemorySettingsStore implements SettingsStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Scope, Map<String, String>> values = new HashMap<>();
    private final List<Change> history = new ArrayList<>();

    @Override
    public Map<String, String> read(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        return Locks.locked(lock, () -> Map.copyOf(values.getOrDefault(scope, Map.of())));
    }

    @Override
    public Change write(Scope scope, String key, Optional<String> value, String changedBy, Instant at) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return Locks.locked(lock, () -> {
            Map<String, String> of = values.computeIfAbsent(scope, s -> new HashMap<>());
            Optional<String> before = Optional.ofNullable(of.get(key));
            Change change = new Change(scope, key, before, value, changedBy, at);
            if (!change.changed()) {
                return change;
            }
            value.ifPresentOrElse(v -> of.put(key, v), () -> of.remove(key));
            history.add(change);
            return change;
        });
    }

    @Override
    public List<Change> history(String workspaceId, int limit) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return Locks.locked(lock, () -> {
            List<Change> newest = new ArrayList<>();
            for (int i = history.size() - 1; i >= 0 && newest.size() < limit; i--) {
                if (history.get(i).scope().workspaceId().equals(workspaceId)) {
                    newest.add(history.get(i));
                }
            }
            return List.copyOf(newest);
        });
    }
}

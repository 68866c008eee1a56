package dev.lucy.memory.spi;

import dev.lucy.core.spi.Embeddings;
import dev.lucy.memory.Fact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FactVectors#inMemory}: an exact search over one workspace's vectors, facts looked up in the store. */
final class InMemoryFactVectors implements FactVectors {
    private final MemoryAdminStore store;
    /** workspace, then model and fact id, to the vector. */
    private final Map<String, Map<Key, float[]>> vectors = new ConcurrentHashMap<>();

    private record Key(String model, String factId) {}

    InMemoryFactVectors(MemoryAdminStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void put(Fact fact, String model, float[] vector) {
        vectors.computeIfAbsent(fact.workspaceId(), w -> new ConcurrentHashMap<>())
                .putIfAbsent(new Key(model, fact.id()), vector.clone());
    }

    @Override
    public List<Near> nearest(String workspaceId, String userId, String model, float[] query, int k) {
        Map<Key, float[]> inWorkspace = vectors.getOrDefault(workspaceId, Map.of());
        List<Map.Entry<Key, Float>> scored = new ArrayList<>();
        inWorkspace.forEach((key, vector) -> {
            if (key.model().equals(model) && vector.length == query.length) {
                scored.add(Map.entry(key, Embeddings.dot(query, vector)));
            }
        });
        scored.sort(Map.Entry.<Key, Float>comparingByValue(Comparator.reverseOrder()));
        List<Near> out = new ArrayList<>();
        for (Map.Entry<Key, Float> e : scored) {
            if (out.size() == k) {
                break;
            }
            Optional<Fact> fact = store.find(workspaceId, e.getKey().factId());
            if (fact.isEmpty()) {
                inWorkspace.remove(e.getKey()); // forgotten: its vector goes too
                continue;
            }
            if (fact.get().active() && fact.get().visibleTo(userId)) {
                out.add(new Near(fact.get(), e.getValue()));
            }
        }
        return out;
    }
}

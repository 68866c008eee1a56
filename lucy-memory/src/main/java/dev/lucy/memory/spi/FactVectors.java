package dev.lucy.memory.spi;

import dev.lucy.memory.Fact;
import java.util.List;
import java.util.Objects;

/**
 * Where the vectors of facts are kept, for semantic recall: each fact's vector is computed once, when the fact is
 * written, stored here, and searched by nearness to a message's vector. Persistence and search only; when to embed
 * and how to fuse with keyword recall is {@link dev.lucy.memory.SemanticRecall}'s.
 *
 * <p>Vectors carry the name of the model that made them ({@link dev.lucy.core.spi.Embeddings#name()}); a search
 * compares only vectors of the same model. Every method takes the workspace and never reads another workspace's
 * vectors. Implementations are thread safe and may block; they fail with an unchecked {@link
 * dev.lucy.core.LucyException} when their database does. The default is {@link #inMemory(MemoryAdminStore)};
 * {@code dev.lucy.store.SqliteMemoryStore} and {@code PostgresMemoryStore} keep vectors beside their facts and search
 * them in an HNSW graph.
 */
public interface FactVectors {

    /** Stores {@code vector} (unit length) for {@code fact}; storing a fact's vector again changes nothing. */
    void put(Fact fact, String model, float[] vector);

    /**
     * Up to {@code k} active facts of {@code workspaceId} visible to {@code userId} whose vectors of {@code model} are
     * nearest to {@code query}, nearest first. Implementations may search approximately (HNSW) and may return fewer
     * than {@code k} when many near vectors belong to facts the user may not see or that no longer hold.
     */
    List<Near> nearest(String workspaceId, String userId, String model, float[] query, int k);

    /**
     * A fact found by nearness.
     *
     * @param fact the fact, active and visible to the user who searched
     * @param similarity the cosine similarity of its vector and the query's, from -1 to 1
     */
    record Near(Fact fact, float similarity) {
        public Near {
            Objects.requireNonNull(fact, "fact");
        }
    }

    /**
     * The default: vectors in this process only, compared with every vector of the workspace (fine for thousands of
     * facts), the facts themselves read from {@code store}. Thread safe.
     */
    static FactVectors inMemory(MemoryAdminStore store) {
        return new InMemoryFactVectors(store);
    }
}

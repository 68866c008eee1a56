package dev.lucy.memory.spi;

import dev.lucy.memory.Fact;
import dev.lucy.memory.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin side of a {@link MemoryStore}: inspect and forget facts ({@link dev.lucy.memory.MemoryAdmin}, the
 * {@code ./lucy memory} command), and find the workspaces and promote facts (consolidation). Same rules as
 * {@link MemoryStore}: scoped to one workspace, thread safe, blocking. {@link MemoryStore#inMemory()} and the SQL
 * stores in lucy-store implement it.
 */
public interface MemoryAdminStore extends MemoryStore {

    /** One fact of the workspace, active or not. */
    Optional<Fact> find(String workspaceId, String factId);

    /** Deletes one fact (with no trace). Returns whether it existed. */
    boolean delete(String workspaceId, String factId);

    /** Deletes every fact a user owns or stated, history included. Returns how many. */
    int deleteByUser(String workspaceId, String userId);

    /** Deletes every fact of the workspace. Returns how many. */
    int deleteWorkspace(String workspaceId);

    /**
     * Moves an active session fact to {@link Tier#KNOWLEDGE}. Idempotent: returns false when the fact is gone,
     * superseded or already knowledge.
     */
    boolean promote(String workspaceId, String factId, Instant at);

    /** The workspaces that have facts. */
    List<String> workspaces();
}

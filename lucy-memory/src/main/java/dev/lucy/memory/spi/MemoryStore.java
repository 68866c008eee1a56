package dev.lucy.memory.spi;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Tier;
import dev.lucy.memory.WriteOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where facts are persisted: persistence only, no policy. What to extract, keep, promote and recall is decided by
 * {@link dev.lucy.memory.SessionMemory} and {@link dev.lucy.memory.Consolidation}.
 *
 * <p>Every method takes the workspace and never reads or changes another workspace's facts. Implementations are
 * thread safe, block, and are safe to share between processes (two writers never lose or duplicate a fact).
 * Failures of the database are {@link dev.lucy.store.StoreException}s. The default is
 * {@link dev.lucy.memory.SqliteMemoryStore}; {@link dev.lucy.memory.PostgresMemoryStore} serves several replicas.
 */
public interface MemoryStore {

    /**
     * Stores {@code fact} atomically: when an active fact with the same owner and {@link Fact#dedupKey()} exists,
     * counts it again and stores nothing new ({@link WriteOutcome.Duplicate}); otherwise closes the validity of the
     * active facts with the same owner and {@link Fact#subject()} ({@link WriteOutcome.Superseded}) and inserts it.
     */
    WriteOutcome write(Fact fact);

    /** One fact of the workspace, active or not. */
    Optional<Fact> find(String workspaceId, String factId);

    /** Facts of one workspace matching {@code query}, the most recently stated first. */
    List<Fact> list(FactQuery query);

    /**
     * Active facts of one workspace visible to {@code userId} (shared ones and their own personal ones) that
     * contain at least one of {@code terms} (in subject or text), at most {@code limit}: candidates for recall,
     * which scores them itself. Implementations put strong matches first (all terms, or by rank) and may prefer
     * recent facts over ranking every match, so the cost stays flat as a workspace grows.
     */
    List<Fact> search(String workspaceId, String userId, Set<String> terms, int limit);

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

    /** Deletes the least recently stated session facts (history first counts too) beyond {@code keep}. */
    int trimSession(String workspaceId, int keep);

    /** The workspaces that have facts. */
    List<String> workspaces();
}

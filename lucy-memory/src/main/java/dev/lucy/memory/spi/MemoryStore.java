package dev.lucy.memory.spi;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.WriteOutcome;
import java.util.List;
import java.util.Set;

/**
 * Where facts are persisted, as remembering and recall use it: store a fact, find candidates for a message, list
 * recent ones, keep the session tier bounded. Persistence only, no policy: what to extract, keep, promote and recall
 * is decided by {@link dev.lucy.memory.SessionMemory} and {@link dev.lucy.memory.Consolidation}. Inspecting,
 * forgetting and promoting facts is the admin side, {@link MemoryAdminStore}, which every store Lucy ships also is.
 *
 * <p>Every method takes the workspace and never reads or changes another workspace's facts. Implementations are
 * thread safe and may block; the durable ones are safe to share between processes (two writers never lose or
 * duplicate a fact) and fail with an unchecked {@link dev.lucy.core.LucyException} when their database does. The
 * default is {@link #inMemory()}; {@code dev.lucy.store.SqliteMemoryStore} keeps facts in a SQLite file and
 * {@code dev.lucy.store.PostgresMemoryStore} serves several replicas (both in lucy-store).
 */
public interface MemoryStore {

    /**
     * Stores {@code fact} atomically: when an active fact with the same owner and {@link Fact#dedupKey()} exists,
     * counts it again and stores nothing new ({@link WriteOutcome.Duplicate}); otherwise closes the validity of the
     * active facts with the same owner and {@link Fact#subject()} ({@link WriteOutcome.Superseded}) and inserts it.
     */
    WriteOutcome write(Fact fact);

    /**
     * Active facts of one workspace visible to {@code userId} (shared ones and their own personal ones) that
     * contain at least one of {@code terms} (in subject or text), at most {@code limit}: candidates for recall,
     * which scores them itself. Implementations put strong matches first (all terms, or by rank) and may prefer
     * recent facts over ranking every match, so the cost stays flat as a workspace grows.
     */
    List<Fact> search(String workspaceId, String userId, Set<String> terms, int limit);

    /** The most terms a {@link #search} looks for; further ones are left out. */
    int MAX_SEARCH_TERMS = 32;

    /**
     * The words a {@link #search} looks for in {@code terms}: each term's letters and digits in lower case, without
     * empty or repeated ones, at most {@value #MAX_SEARCH_TERMS}. Every store Lucy ships searches for these, so a
     * search finds the same facts whichever store keeps them.
     */
    static List<String> searchWords(Set<String> terms) {
        return SearchWords.of(terms, MAX_SEARCH_TERMS);
    }

    /** Facts of one workspace matching {@code query}, the most recently stated first. */
    List<Fact> list(FactQuery query);

    /**
     * Deletes the least recently stated session facts (history counts too) beyond {@code keep}, the rolling bound
     * writes keep. Returns how many.
     */
    int trimSession(String workspaceId, int keep);

    /**
     * The default: a working store in this process only, gone when it stops. It keeps every promise of this
     * interface and of {@link MemoryAdminStore} within one process; for tests, demos and embedding without a
     * database. Thread safe; one lock, held only for in-memory work.
     */
    static MemoryAdminStore inMemory() {
        return new InMemoryMemoryStore();
    }
}

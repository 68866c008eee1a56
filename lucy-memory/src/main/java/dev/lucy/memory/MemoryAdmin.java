package dev.lucy.memory;

import dev.lucy.core.Caller;
import dev.lucy.memory.spi.MemoryAdminStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The admin side of memory, as policy over a {@link MemoryAdminStore}: inspect and list what is remembered, forget
 * it (one fact, what a description names, a user's facts, a workspace) and export it as Markdown. The
 * {@code ./lucy memory} command and the bot's "forget" command use it; remembering and recall are
 * {@link SessionMemory}. Create with {@link #of(MemoryAdminStore)}.
 *
 * <p>What it shows never holds a credential: facts stored before memory refused credentials come back from
 * {@link #inspect}, {@link #list}, {@link #forgetMatching} and {@link #exportMarkdown} with it masked
 * ({@code [redacted API key]}); the store keeps them as they are until forgotten.
 *
 * <p>Thread safe; calls block on the store. Every operation is scoped to one workspace.
 */
public final class MemoryAdmin {
    private final MemoryAdminStore store;
    private final Clock clock;

    private MemoryAdmin(MemoryAdminStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Administers the facts in {@code store}; exports are dated by the system clock. */
    public static MemoryAdmin of(MemoryAdminStore store) {
        return of(store, Clock.systemUTC());
    }

    /** Administers the facts in {@code store}; {@code clock} dates exports. */
    public static MemoryAdmin of(MemoryAdminStore store, Clock clock) {
        return new MemoryAdmin(store, clock);
    }

    public MemoryAdminStore store() {
        return store;
    }

    /** One fact of the workspace, active or superseded. */
    public Optional<Fact> inspect(String workspaceId, String factId) {
        return store.find(workspaceId, factId).map(Redacted::fact);
    }

    /** Facts of one workspace. */
    public List<Fact> list(FactQuery query) {
        return Redacted.facts(store.list(query));
    }

    /** Forgets one fact. Returns whether it existed. */
    public boolean forget(String workspaceId, String factId) {
        return store.delete(workspaceId, factId);
    }

    /**
     * Forgets, for {@code caller}, the facts they may see that best match {@code description} ("forget that our
     * target is $800K"): those sharing the most terms with it. Returns the facts forgotten.
     */
    public List<Fact> forgetMatching(Caller caller, String description) {
        Set<String> terms = Normalizer.terms(description);
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Fact> matches = store.search(caller.workspaceId(), caller.userId(), terms, 20);
        long best = 0;
        List<Fact> bestFacts = new ArrayList<>();
        for (Fact f : matches) {
            Set<String> factTerms = Normalizer.terms(f.subject() + " " + f.text());
            long shared = terms.stream().filter(factTerms::contains).count();
            if (shared > best) {
                best = shared;
                bestFacts.clear();
            }
            if (shared == best && shared > 0) {
                bestFacts.add(f);
            }
        }
        // a single word in common is not enough to delete anything
        if (best < Math.min(2, terms.size())) {
            return List.of();
        }
        List<Fact> forgotten = new ArrayList<>();
        for (Fact f : bestFacts) {
            if (store.delete(caller.workspaceId(), f.id())) {
                forgotten.add(Redacted.fact(f));
            }
        }
        return forgotten;
    }

    /**
     * Forgets one fact for {@code caller}, only if it is theirs: a personal fact of theirs, or a fact of the team they
     * stated themselves. A fact of another person, of another workspace, or one that does not exist is never touched
     * and answers {@link OwnForget#NOT_YOURS} or {@link OwnForget#NOT_FOUND} (the same for another workspace's, so
     * nothing is learnt about it).
     */
    public OwnForget forgetOwn(Caller caller, String factId) {
        Optional<Fact> fact = store.find(caller.workspaceId(), factId)
                .filter(f -> f.workspaceId().equals(caller.workspaceId()));
        if (fact.isEmpty()) {
            return OwnForget.NOT_FOUND;
        }
        if (!ownedBy(fact.get(), caller.userId())) {
            return OwnForget.NOT_YOURS;
        }
        return store.delete(caller.workspaceId(), factId) ? OwnForget.FORGOTTEN : OwnForget.NOT_FOUND;
    }

    /** Whether {@code userId} may forget {@code fact}: it is their personal fact, or a team fact they stated. */
    public static boolean ownedBy(Fact fact, String userId) {
        return fact.owner()
                .map(userId::equals)
                .orElseGet(() -> fact.source().userId().equals(userId));
    }

    /** What came of {@link #forgetOwn}. */
    public enum OwnForget {
        FORGOTTEN,
        NOT_FOUND,
        NOT_YOURS
    }

    /** Forgets every fact a user owns or stated in the workspace. */
    public int forgetUser(String workspaceId, String userId) {
        return store.deleteByUser(workspaceId, userId);
    }

    /** Forgets everything remembered for a workspace. */
    public int forgetWorkspace(String workspaceId) {
        return store.deleteWorkspace(workspaceId);
    }

    /** Everything remembered for a workspace as readable Markdown: knowledge, session facts, history. */
    public String exportMarkdown(String workspaceId) {
        List<Fact> all =
                store.list(FactQuery.workspace(workspaceId).withHistory().limit(Integer.MAX_VALUE));
        return MarkdownExport.render(workspaceId, Redacted.facts(all), clock.instant());
    }

    /**
     * Every fact of a workspace, superseded ones included, as JSON: {@code {"workspace", "exportedAt", "facts": [...]}},
     * each fact with its id, tier, subject, text, category, target, owner, who stated it in which conversation and
     * when, when it held ({@code validFrom}, {@code validTo}), what replaced it ({@code supersededBy}), how often it was
     * said and when last. Secrets in a fact are masked as in every export.
     */
    public String exportJson(String workspaceId) {
        return FactExport.json(workspaceId, exported(workspaceId), clock.instant());
    }

    /** The facts of {@link #exportJson} as CSV: a header line of snake_case columns, then one fact a line. */
    public String exportCsv(String workspaceId) {
        return FactExport.csv(exported(workspaceId));
    }

    private List<Fact> exported(String workspaceId) {
        return Redacted.facts(
                store.list(FactQuery.workspace(workspaceId).withHistory().limit(Integer.MAX_VALUE)));
    }
}

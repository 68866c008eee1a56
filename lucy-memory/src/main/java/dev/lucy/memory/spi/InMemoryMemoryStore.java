package dev.lucy.memory.spi;

import static dev.lucy.core.Locks.locked;

import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Tier;
import dev.lucy.memory.WriteOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * {@link MemoryStore#inMemory()}: the SQL stores' rules over a map, one lock around every call. A fact's position
 * ({@code seq}) breaks ties between facts last stated at the same instant, as the row number does in SQL.
 */
final class InMemoryMemoryStore implements MemoryAdminStore {
    private static final Comparator<Stored> NEWEST_FIRST = Comparator.comparing(
                    (Stored s) -> s.fact().lastSeenAt())
            .thenComparingLong(Stored::seq)
            .reversed();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Stored> facts = new HashMap<>();
    private long nextSeq;

    private record Stored(long seq, Fact fact) {}

    @Override
    public WriteOutcome write(Fact fact) {
        Objects.requireNonNull(fact, "fact");
        return locked(lock, () -> {
            List<Stored> sameOwner = matching(s -> s.fact().workspaceId().equals(fact.workspaceId())
                    && s.fact().active()
                    && s.fact().owner().equals(fact.owner()));
            Optional<Stored> duplicate = sameOwner.stream()
                    .filter(s -> s.fact().dedupKey().equals(fact.dedupKey()))
                    .findFirst();
            if (duplicate.isPresent()) {
                Fact counted = duplicate.get().fact().statedAgain(fact.lastSeenAt());
                facts.put(counted.id(), new Stored(duplicate.get().seq(), counted));
                return new WriteOutcome.Duplicate(counted);
            }
            List<Fact> closed = new ArrayList<>();
            for (Stored s : sameOwner) {
                if (s.fact().subject().equals(fact.subject())) {
                    Fact ended = s.fact().replacedBy(fact.id(), fact.validFrom());
                    facts.put(ended.id(), new Stored(s.seq(), ended));
                    closed.add(ended);
                }
            }
            Fact stored = fact.active() ? fact : fact.holding();
            facts.put(stored.id(), new Stored(nextSeq++, stored));
            return closed.isEmpty() ? new WriteOutcome.Inserted(stored) : new WriteOutcome.Superseded(stored, closed);
        });
    }

    @Override
    public List<Fact> search(String workspaceId, String userId, Set<String> terms, int limit) {
        List<String> clean = MemoryStore.searchWords(terms);
        if (clean.isEmpty() || limit < 1) {
            return List.of();
        }
        return locked(
                lock,
                () -> matching(s -> s.fact().workspaceId().equals(workspaceId)
                                && s.fact().active()
                                && s.fact().visibleTo(userId))
                        .stream()
                        .map(s -> new Match(s, matchedTerms(s.fact(), clean)))
                        .filter(m -> m.terms() > 0)
                        // all terms before some, then newest first, like the SQL stores' candidates
                        .sorted(Comparator.comparingInt(Match::terms)
                                .reversed()
                                .thenComparing(Match::stored, NEWEST_FIRST))
                        .limit(limit)
                        .map(m -> m.stored().fact())
                        .toList());
    }

    private record Match(Stored stored, int terms) {}

    /** How many of {@code terms} begin a word of the fact's subject or text ({@code target} finds "targets"). */
    private static int matchedTerms(Fact fact, List<String> terms) {
        NavigableSet<String> words = new TreeSet<>(
                List.of(SearchWords.NOT_A_WORD.split((fact.subject() + " " + fact.text()).toLowerCase(Locale.ROOT))));
        int matched = 0;
        for (String term : terms) {
            String first = words.ceiling(term);
            if (first != null && first.startsWith(term)) {
                matched++;
            }
        }
        return matched;
    }

    @Override
    public List<Fact> list(FactQuery q) {
        return locked(
                lock,
                () -> matching(s -> {
                            Fact f = s.fact();
                            String scope = f.owner().orElse("");
                            return f.workspaceId().equals(q.workspaceId())
                                    && (q.includeHistory() || f.active())
                                    && q.visibleTo().map(f::visibleTo).orElse(true)
                                    && q.owner().map(scope::equals).orElse(true)
                                    && q.sourceUser()
                                            .map(f.source().userId()::equals)
                                            .orElse(true)
                                    && q.tier().map(t -> t == f.tier()).orElse(true);
                        })
                        .stream()
                        .sorted(NEWEST_FIRST)
                        .limit(q.limit())
                        .map(Stored::fact)
                        .toList());
    }

    @Override
    public int trimSession(String workspaceId, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        return locked(lock, () -> {
            List<Stored> beyond =
                    matching(s -> s.fact().workspaceId().equals(workspaceId)
                                    && s.fact().tier() == Tier.SESSION)
                            .stream()
                            .sorted(NEWEST_FIRST)
                            .skip(keep)
                            .toList();
            beyond.forEach(s -> facts.remove(s.fact().id()));
            return beyond.size();
        });
    }

    @Override
    public Optional<Fact> find(String workspaceId, String factId) {
        return locked(
                lock,
                () -> Optional.ofNullable(facts.get(factId))
                        .map(Stored::fact)
                        .filter(f -> f.workspaceId().equals(workspaceId)));
    }

    @Override
    public boolean delete(String workspaceId, String factId) {
        return locked(lock, () -> {
            if (find(workspaceId, factId).isEmpty()) {
                return false;
            }
            facts.remove(factId);
            // a fact that superseded this one no longer points at a deleted id
            for (Stored s : matching(s -> s.fact().supersededBy().equals(Optional.of(factId)))) {
                facts.put(s.fact().id(), new Stored(s.seq(), s.fact().withoutSuccessor()));
            }
            return true;
        });
    }

    @Override
    public int deleteByUser(String workspaceId, String userId) {
        return deleteWhere(f -> f.workspaceId().equals(workspaceId)
                && (f.owner().equals(Optional.of(userId)) || f.source().userId().equals(userId)));
    }

    @Override
    public int deleteWorkspace(String workspaceId) {
        return deleteWhere(f -> f.workspaceId().equals(workspaceId));
    }

    @Override
    public boolean promote(String workspaceId, String factId, Instant at) {
        return locked(lock, () -> {
            Optional<Fact> found = find(workspaceId, factId).filter(f -> f.active() && f.tier() == Tier.SESSION);
            found.ifPresent(f -> facts.put(f.id(), new Stored(facts.get(f.id()).seq(), f.inTier(Tier.KNOWLEDGE))));
            return found.isPresent();
        });
    }

    @Override
    public List<String> workspaces() {
        return locked(
                lock,
                () -> facts.values().stream()
                        .map(s -> s.fact().workspaceId())
                        .distinct()
                        .sorted()
                        .toList());
    }

    private int deleteWhere(Predicate<Fact> which) {
        return locked(lock, () -> {
            List<Stored> gone = matching(s -> which.test(s.fact()));
            gone.forEach(s -> facts.remove(s.fact().id()));
            return gone.size();
        });
    }

    /** The stored facts {@code which} accepts; call with the lock held. */
    private List<Stored> matching(Predicate<Stored> which) {
        return facts.values().stream().filter(which).toList();
    }
}

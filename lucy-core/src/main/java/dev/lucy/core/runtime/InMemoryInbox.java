package dev.lucy.core.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link Inbox#inMemory}: claims through a {@link DedupStore}, entries in a map for the life of the process. */
final class InMemoryInbox implements Inbox {
    static final String OWNER = "local";

    private final DedupStore dedup;
    private final Clock clock;
    private final ConcurrentMap<String, InboxEntry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TriageDecision.AgentRun> queued = new ConcurrentHashMap<>();

    InMemoryInbox(DedupStore dedup, Clock clock) {
        this.dedup = dedup;
        this.clock = clock;
    }

    @Override
    public Receipt receive(InboundEvent event) {
        String eventKey = Inbox.eventKey(event);
        if (!dedup.firstSeen(eventKey)) {
            return new Receipt.Duplicate(eventKey);
        }
        String messageKey = Inbox.messageKey(event);
        if (!dedup.firstSeen(messageKey)) {
            return new Receipt.Duplicate(messageKey);
        }
        InboxEntry entry = new InboxEntry(event, OWNER, 1, clock.instant());
        if (entries.putIfAbsent(event.eventId(), entry) != null) {
            return new Receipt.Duplicate(eventKey);
        }
        return new Receipt.Received(entry);
    }

    @Override
    public void finish(InboxEntry entry) {
        if (entries.computeIfPresent(entry.eventId(), (id, kept) -> kept.attempt() == entry.attempt() ? null : kept)
                == null) {
            queued.remove(entry.eventId());
        }
    }

    @Override
    public List<InboxEntry> resume() {
        List<InboxEntry> taken = new ArrayList<>();
        for (InboxEntry seen : List.copyOf(entries.values())) {
            InboxEntry next = seen.nextAttempt(OWNER);
            if (entries.replace(seen.eventId(), seen, next)) {
                taken.add(next);
            }
        }
        taken.sort(Comparator.comparing(InboxEntry::receivedAt).thenComparing(InboxEntry::eventId));
        return taken;
    }

    @Override
    public void queueRun(InboxEntry entry, TriageDecision.AgentRun run) {
        InboxEntry kept = entries.get(entry.eventId());
        if (kept != null && kept.attempt() == entry.attempt()) {
            queued.put(entry.eventId(), run);
            if (!entries.containsKey(entry.eventId())) {
                queued.remove(entry.eventId()); // finished meanwhile
            }
        }
    }

    @Override
    public List<QueuedRun> queuedRuns(String conversationId) {
        List<QueuedRun> runs = new ArrayList<>();
        queued.forEach((eventId, run) -> {
            InboxEntry entry = entries.get(eventId);
            if (entry != null && entry.event().conversationId().equals(conversationId)) {
                runs.add(new QueuedRun(entry, run));
            }
        });
        runs.sort(Comparator.comparing((QueuedRun q) -> q.entry().receivedAt())
                .thenComparing(q -> q.entry().eventId()));
        return runs;
    }

    @Override
    public boolean deciding(String conversationId, Instant sentBefore, Instant receivedSince) {
        return entries.values().stream()
                .anyMatch(e -> e.event().conversationId().equals(conversationId)
                        && !queued.containsKey(e.eventId())
                        && e.event().sentAt().isBefore(sentBefore)
                        && !e.receivedAt().isBefore(receivedSince));
    }

    @Override
    public Optional<InboxEntry> take(InboxEntry entry) {
        InboxEntry[] taken = {null};
        entries.computeIfPresent(entry.eventId(), (id, kept) -> {
            if (kept.attempt() != entry.attempt()) {
                return kept;
            }
            taken[0] = kept.nextAttempt(OWNER);
            return taken[0];
        });
        return Optional.ofNullable(taken[0]);
    }

    @Override
    public void drafted(InboxEntry entry, String messageId) {
        entries.computeIfPresent(
                entry.eventId(), (id, kept) -> kept.attempt() == entry.attempt() ? kept.drafted(messageId) : kept);
    }
}

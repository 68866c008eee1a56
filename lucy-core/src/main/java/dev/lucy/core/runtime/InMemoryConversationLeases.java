package dev.lucy.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link ConversationLeases#inMemory}: a map of held leases, each changed atomically ({@link ConcurrentMap#compute}
 * runs its function once, under the entry's lock). Fences come from one counter, so they grow across conversations
 * and releases alike.
 */
final class InMemoryConversationLeases implements ConversationLeases {
    private final Clock clock;
    private final ConcurrentMap<String, Lease> held = new ConcurrentHashMap<>();
    private final AtomicLong fences = new AtomicLong();

    InMemoryConversationLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Grant acquire(String conversationId, String owner, Duration ttl) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(owner, "owner");
        Instant now = clock.instant();
        AtomicReference<Lease> granted = new AtomicReference<>();
        Lease after = held.compute(conversationId, (id, current) -> {
            if (current != null
                    && current.expiresAt().isAfter(now)
                    && !current.owner().equals(owner)) {
                return current;
            }
            granted.set(new Lease(id, owner, fences.incrementAndGet(), now.plus(ttl)));
            return granted.get();
        });
        return granted.get() != null
                ? new Grant.Granted(granted.get())
                : new Grant.Held(after.owner(), after.expiresAt());
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        AtomicReference<Lease> renewed = new AtomicReference<>();
        held.computeIfPresent(lease.conversationId(), (id, current) -> {
            if (!holds(current, lease) || !current.expiresAt().isAfter(now)) {
                return current;
            }
            renewed.set(new Lease(id, current.owner(), current.fence(), now.plus(ttl)));
            return renewed.get();
        });
        return Optional.ofNullable(renewed.get());
    }

    @Override
    public void release(Lease lease) {
        held.computeIfPresent(lease.conversationId(), (id, current) -> holds(current, lease) ? null : current);
    }

    private static boolean holds(Lease current, Lease lease) {
        return current.fence() == lease.fence() && current.owner().equals(lease.owner());
    }
}

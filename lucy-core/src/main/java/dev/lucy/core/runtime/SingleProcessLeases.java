package dev.lucy.core.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link ConversationLeases#single()}: one process serves every conversation, so every lease is granted and never
 * runs out. The runtime does not ask it (it is not {@link #shared()}); it answers anyone who does.
 */
final class SingleProcessLeases implements ConversationLeases {
    static final SingleProcessLeases INSTANCE = new SingleProcessLeases();

    private SingleProcessLeases() {}

    @Override
    public Grant acquire(String conversationId, String owner, Duration ttl) {
        return new Grant.Granted(new Lease(conversationId, owner, 0, Instant.MAX));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        return Optional.of(lease);
    }

    @Override
    public void release(Lease lease) {}

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String toString() {
        return "ConversationLeases.single()";
    }
}

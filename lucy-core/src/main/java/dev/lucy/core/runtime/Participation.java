package dev.lucy.core.runtime;

import java.time.Instant;

/**
 * The conversations Lucy takes part in (it was mentioned, written to directly, or posted there), so that a reply in
 * one reaches it without a new mention: after a restart, and on every replica sharing the store.
 *
 * <p>Thread safe, possibly blocking. The default, {@link #none()}, keeps nothing: a platform adapter then remembers
 * participation in its own process only. lucy-store keeps it in SQLite or PostgreSQL.
 */
public interface Participation {

    /** Lucy took part in {@code conversationId} at {@code at}. */
    void joined(String conversationId, Instant at);

    /** Whether Lucy took part in {@code conversationId} at or after {@code since}. */
    boolean takesPart(String conversationId, Instant since);

    /** Keeps nothing and knows of nothing. */
    static Participation none() {
        return new Participation() {
            @Override
            public void joined(String conversationId, Instant at) {}

            @Override
            public boolean takesPart(String conversationId, Instant since) {
                return false;
            }
        };
    }
}

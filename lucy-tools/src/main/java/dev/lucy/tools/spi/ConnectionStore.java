package dev.lucy.tools.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the services each workspace (or person) has connected are kept, so that a connection outlives a restart and
 * holds on every replica. {@code dev.lucy.tools.Connections} reads it at start and periodically, and writes each
 * change through.
 *
 * <p>Thread safe; calls block. The default is {@link #inMemory()}; {@code dev.lucy.store.JdbcConnectionStore}
 * (lucy-store) keeps connections in SQLite or PostgreSQL.
 */
public interface ConnectionStore {

    /** Every connection. */
    Set<Connection> all();

    /** Adds {@code connection}; adding one that exists changes nothing. */
    void connect(Connection connection);

    /** Removes {@code provider}'s connections in the workspace, its people's included. */
    void disconnect(String workspaceId, String provider);

    /** Connections in this process's memory only. */
    static ConnectionStore inMemory() {
        return new ConnectionStore() {
            private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

            @Override
            public Set<Connection> all() {
                return Set.copyOf(connections);
            }

            @Override
            public void connect(Connection connection) {
                connections.add(Objects.requireNonNull(connection, "connection"));
            }

            @Override
            public void disconnect(String workspaceId, String provider) {
                connections.removeIf(
                        c -> c.workspaceId().equals(workspaceId) && c.provider().equals(provider));
            }
        };
    }

    /**
     * A service connected for a whole workspace ({@code userId} empty) or for one person in it.
     *
     * @param provider the service, as tools name their provider
     */
    record Connection(String workspaceId, Optional<String> userId, String provider) {
        public Connection {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(provider, "provider");
            if (userId.isPresent() && userId.get().isBlank()) {
                throw new IllegalArgumentException("a person's connection needs their user id");
            }
        }

        public static Connection workspace(String workspaceId, String provider) {
            return new Connection(workspaceId, Optional.empty(), provider);
        }

        public static Connection user(String workspaceId, String userId, String provider) {
            return new Connection(workspaceId, Optional.of(userId), provider);
        }
    }
}

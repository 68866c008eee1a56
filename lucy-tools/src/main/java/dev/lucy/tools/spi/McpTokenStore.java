package dev.lucy.tools.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the OAuth tokens people got by connecting an MCP server ({@code /lucy connect NAME}) are kept: one grant per
 * workspace, person and server, so a connection outlives a restart and holds on every replica.
 *
 * <p>Implementations must keep tokens secret: {@code dev.lucy.store.JdbcMcpTokenStore} (lucy-store) encrypts each
 * grant at rest. Thread safe; calls block. The default is {@link #inMemory()}.
 */
public interface McpTokenStore {

    /** The grant of one person for one server, when they connected it. */
    Optional<Grant> find(Key key);

    /** Stores {@code grant} for {@code key}, replacing the one there. */
    void save(Key key, Grant grant);

    /** Removes the grant of {@code key}; whether there was one. */
    boolean delete(Key key);

    /** The people who connected {@code server}, in no particular order. */
    List<Key> connectedTo(String server);

    /** Grants in this process's memory only. */
    static McpTokenStore inMemory() {
        return new McpTokenStore() {
            private final Map<Key, Grant> grants = new ConcurrentHashMap<>();

            @Override
            public Optional<Grant> find(Key key) {
                return Optional.ofNullable(grants.get(key));
            }

            @Override
            public void save(Key key, Grant grant) {
                grants.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(grant, "grant"));
            }

            @Override
            public boolean delete(Key key) {
                return grants.remove(key) != null;
            }

            @Override
            public List<Key> connectedTo(String server) {
                return grants.keySet().stream()
                        .filter(k -> k.server().equals(server))
                        .toList();
            }
        };
    }

    /** Whose connection: one person in one workspace, for one MCP server. */
    record Key(String workspaceId, String userId, String server) {
        public Key {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(server, "server");
            if (workspaceId.isBlank() || userId.isBlank() || server.isBlank()) {
                throw new IllegalArgumentException("a connection needs a workspace, a person and a server");
            }
        }
    }

    /**
     * What the authorization server gave: the tokens and the client they were issued to (a refresh must use the
     * same client).
     *
     * @param expiresAt when the access token expires; empty: the server did not say
     */
    record Grant(
            String clientId,
            Optional<String> clientSecret,
            String accessToken,
            Optional<String> refreshToken,
            Optional<Instant> expiresAt) {
        public Grant {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(refreshToken, "refreshToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Never shows a token or the secret. */
        @Override
        public String toString() {
            return "Grant[clientId=" + clientId + ", refreshable=" + refreshToken.isPresent() + ", expiresAt="
                    + expiresAt.map(Instant::toString).orElse("unknown") + "]";
        }
    }
}

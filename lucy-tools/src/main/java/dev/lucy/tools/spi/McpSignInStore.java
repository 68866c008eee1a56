package dev.lucy.tools.spi;

import dev.lucy.tools.spi.McpTokenStore.Key;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where sign-ins in progress ({@code /lucy connect NAME} made a link, the person has not come back yet) are kept, by
 * their state, so that whichever replica the browser reaches can serve the start page and complete the callback.
 *
 * <p>A state is taken once: {@link #take} removes it atomically, so two callbacks with one state complete at most one
 * sign-in. Expired sign-ins are never returned and {@link #purgeExpired} removes them. Implementations must keep the
 * PKCE verifier and the client secret secret: {@code dev.lucy.store.JdbcMcpSignInStore} (lucy-store) seals them at
 * rest. Thread safe; calls block. The default is {@link #inMemory()}, for one process.
 */
public interface McpSignInStore {

    /** Keeps {@code signIn} until it is taken or expires. */
    void save(SignIn signIn);

    /** The sign-in of {@code state} when it is known and not expired at {@code now}, without using it. */
    Optional<SignIn> find(String state, Instant now);

    /** Removes and returns the sign-in of {@code state}, when it is known and not expired at {@code now}. */
    Optional<SignIn> take(String state, Instant now);

    /** Removes every sign-in expired at {@code now}; how many. */
    int purgeExpired(Instant now);

    /** Sign-ins in this process's memory only: a callback must reach the process that made the link. */
    static McpSignInStore inMemory() {
        return new McpSignInStore() {
            private final Map<String, SignIn> signIns = new ConcurrentHashMap<>();

            @Override
            public void save(SignIn signIn) {
                signIns.put(signIn.state(), Objects.requireNonNull(signIn, "signIn"));
            }

            @Override
            public Optional<SignIn> find(String state, Instant now) {
                return Optional.ofNullable(state == null ? null : signIns.get(state))
                        .filter(s -> s.expiresAt().isAfter(now));
            }

            @Override
            public Optional<SignIn> take(String state, Instant now) {
                return Optional.ofNullable(state == null ? null : signIns.remove(state))
                        .filter(s -> s.expiresAt().isAfter(now));
            }

            @Override
            public int purgeExpired(Instant now) {
                List<String> expired = signIns.values().stream()
                        .filter(s -> !s.expiresAt().isAfter(now))
                        .map(SignIn::state)
                        .toList();
                int removed = 0;
                for (String state : expired) {
                    if (signIns.remove(state) != null) {
                        removed++;
                    }
                }
                return removed;
            }
        };
    }

    /**
     * One sign-in in progress: for whom, the PKCE verifier, and what the callback needs to trade the code on any
     * replica (the authorization server's endpoints and the client Lucy is there).
     *
     * @param redirectUri the callback address the link was made with (the code must be traded with the same one)
     * @param clientSecret the client's secret, when the authorization server gave one
     */
    record SignIn(
            String state,
            Key key,
            String verifier,
            String redirectUri,
            String resource,
            URI authorizationEndpoint,
            URI tokenEndpoint,
            List<String> scopes,
            String clientId,
            Optional<String> clientSecret,
            Instant expiresAt) {
        public SignIn {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            scopes = List.copyOf(scopes);
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (state.isBlank()) {
                throw new IllegalArgumentException("a sign-in needs a state");
            }
        }

        /** Never shows the state, the verifier or the secret. */
        @Override
        public String toString() {
            return "SignIn[" + key + ", clientId=" + clientId + ", expiresAt=" + expiresAt + "]";
        }
    }
}

package dev.lucy.app.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The console's sign-ins and sessions, kept in this process (a restart signs everyone out). A one-time link's token
 * works once and for {@link #LINK_LIFETIME}; the configured token works until it is changed. Each session carries its
 * {@link Grant} and its own CSRF token, and ends after {@link #IDLE} without a request. Thread safe.
 */
public final class Sessions {
    static final Duration LINK_LIFETIME = Duration.ofHours(24);
    static final Duration IDLE = Duration.ofHours(12);

    private final SecureRandom random = new SecureRandom();
    private final Optional<byte[]> configuredToken;
    private final Clock clock;
    private final ConcurrentMap<String, Instant> links = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** One signed-in browser: its id (the cookie), what it may see, and the token its forms carry. */
    public record Session(String id, Grant grant, String csrf) {}

    Sessions(Optional<String> configuredToken, Clock clock) {
        this.configuredToken = configuredToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new one-time sign-in token for the operator. */
    String issueLink() {
        String token = randomToken();
        links.put(token, clock.instant().plus(LINK_LIFETIME));
        return token;
    }

    /**
     * A new operator session for {@code token}: a one-time link's token (used up now) or the configured token. Empty
     * when it is neither.
     */
    Optional<Session> signIn(String token) {
        Instant expires = links.remove(token);
        if (expires != null && clock.instant().isBefore(expires)) {
            return Optional.of(open(Grant.operator()));
        }
        if (configuredToken.isPresent()
                && MessageDigest.isEqual(configuredToken.get(), token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(open(Grant.operator()));
        }
        return Optional.empty();
    }

    /** A new session with {@code grant}: what every sign-in method calls once it knows who signed in. */
    public Session open(Grant grant) {
        Session session = new Session(randomToken(), grant, randomToken());
        sessions.put(session.id(), session);
        touched.put(session.id(), clock.instant());
        return session;
    }

    private final ConcurrentMap<String, Instant> touched = new ConcurrentHashMap<>();

    /** The live session with cookie value {@code id}, its idle time restarted. */
    Optional<Session> find(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant last = touched.get(id);
        if (last == null || now.isAfter(last.plus(IDLE))) {
            close(id);
            return Optional.empty();
        }
        touched.put(id, now);
        return Optional.of(session);
    }

    void close(String id) {
        sessions.remove(id);
        touched.remove(id);
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.lucy.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks the ID tokens of "Sign in with Slack" before anyone is let in: a JWT signed with RS256 by a key of Slack's key
 * set ({@code https://slack.com/openid/connect/keys}, fetched when a token names a key not seen yet, at most once a
 * minute), issued by {@code https://slack.com} for this app (the audience is its client id), not expired, and carrying
 * the nonce this sign-in sent. Any other algorithm ({@code none}, {@code HS256}) is refused. Thread safe; blocking (the
 * key set is read over HTTP).
 */
final class SlackIdTokens {
    /** The issuer Slack names. */
    static final String ISSUER = "https://slack.com";
    /** How far clocks may disagree. */
    static final Duration LEEWAY = Duration.ofMinutes(1);

    private static final Duration REFETCH_AFTER = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI keySet;
    private final String clientId;
    private final HttpClient http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PublicKey> keys = new HashMap<>();
    private Instant fetchedAt = Instant.MIN;

    /** Who signed in, as the token says: a person ({@code https://slack.com/user_id}) of a workspace. */
    record Identity(String workspaceId, String userId, String name) {}

    /** What became of a token. */
    sealed interface Checked permits Valid, Invalid {}

    record Valid(Identity identity) implements Checked {}

    /** Why the token was refused, for the log; never shown as such. */
    record Invalid(String why) implements Checked {}

    SlackIdTokens(URI keySet, String clientId, HttpClient http, Clock clock) {
        this.keySet = Objects.requireNonNull(keySet, "keySet");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Checked check(String token, String nonce) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return new Invalid("not a signed JWT");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            header = JSON.readTree(b64.decode(parts[0]));
            claims = JSON.readTree(b64.decode(parts[1]));
            signature = b64.decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            return new Invalid("not a readable JWT");
        }
        if (!header.path("alg").asText().equals("RS256")) {
            return new Invalid("signed with " + header.path("alg").asText("no algorithm") + ", not RS256");
        }
        Optional<PublicKey> key = key(header.path("kid").asText(""));
        if (key.isEmpty()) {
            return new Invalid("signed with a key Slack does not publish");
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key.get());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(signature)) {
                return new Invalid("the signature does not match");
            }
        } catch (GeneralSecurityException e) {
            return new Invalid("the signature cannot be checked: " + e.getMessage());
        }
        if (!claims.path("iss").asText().equals(ISSUER)) {
            return new Invalid("issued by " + claims.path("iss").asText("nobody") + ", not " + ISSUER);
        }
        if (!audience(claims.path("aud"))) {
            return new Invalid("issued for another app");
        }
        Instant now = clock.instant();
        if (!claims.path("exp").canConvertToLong()
                || !now.isBefore(
                        Instant.ofEpochSecond(claims.path("exp").asLong()).plus(LEEWAY))) {
            return new Invalid("expired");
        }
        if (claims.path("iat").canConvertToLong()
                && Instant.ofEpochSecond(claims.path("iat").asLong()).isAfter(now.plus(LEEWAY))) {
            return new Invalid("issued in the future");
        }
        if (!claims.path("nonce").asText().equals(nonce)) {
            return new Invalid("the nonce is not this sign-in's");
        }
        String team = claims.path("https://slack.com/team_id").asText("");
        String user = claims.path("https://slack.com/user_id").asText("");
        if (team.isEmpty() || user.isEmpty()) {
            return new Invalid("no workspace or person in it");
        }
        return new Valid(new Identity(team, user, claims.path("name").asText(user)));
    }

    private boolean audience(JsonNode aud) {
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (one.asText().equals(clientId)) {
                    return true;
                }
            }
            return false;
        }
        return aud.asText().equals(clientId);
    }

    /** The key {@code kid}, from the key set read before or read now. */
    private Optional<PublicKey> key(String kid) {
        lock.lock();
        try {
            PublicKey known = keys.get(kid);
            if (known != null) {
                return Optional.of(known);
            }
            Instant now = clock.instant();
            if (!keys.isEmpty() && now.isBefore(fetchedAt.plus(REFETCH_AFTER))) {
                return Optional.empty();
            }
            fetchedAt = now;
            keys.clear();
            keys.putAll(fetch());
            return Optional.ofNullable(keys.get(kid));
        } finally {
            lock.unlock();
        }
    }

    private Map<String, PublicKey> fetch() {
        Map<String, PublicKey> found = new HashMap<>();
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(keySet)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return found;
            }
            for (JsonNode key : JSON.readTree(answer.body()).path("keys")) {
                if (!key.path("kty").asText().equals("RSA")) {
                    continue;
                }
                Base64.Decoder b64 = Base64.getUrlDecoder();
                found.put(
                        key.path("kid").asText(""),
                        KeyFactory.getInstance("RSA")
                                .generatePublic(new RSAPublicKeySpec(
                                        new BigInteger(
                                                1, b64.decode(key.path("n").asText())),
                                        new BigInteger(
                                                1, b64.decode(key.path("e").asText())))));
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }
}

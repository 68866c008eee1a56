package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * "Sign in with Slack" as Slack serves it: the authorize page ({@code openid/connect/authorize}), where the person
 * named by {@link SlackSimulator#signInNextAs} approves at once; {@code openid.connect.token}, which trades the code
 * for an ID token signed with RS256 and a user token; {@code openid.connect.userInfo}; and the key set the ID tokens
 * are checked against ({@code openid/connect/keys}). The key pair is made on first use. Errors are Slack's:
 * {@code invalid_client_id}, {@code bad_client_secret}, {@code invalid_code}, {@code bad_redirect_uri},
 * {@code invalid_auth}. Thread safe.
 */
final class OpenIdProvider {
    /** The issuer Slack names in its ID tokens. */
    static final String ISSUER = "https://slack.com";

    static final String KEY_ID = "lucy-sim-1";

    private final Workspace workspace;
    private final Workspace.OAuthSpec client;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pending> codes = new HashMap<>();
    private final Map<String, String> userTokens = new HashMap<>();
    private KeyPair keys;
    private Optional<String> nextUser = Optional.empty();

    /** A code granted at the authorize page: for whom, where it went back to, and the nonce to put in the token. */
    private record Pending(String userId, String redirectUri, Optional<String> nonce, Instant expiresAt) {}

    OpenIdProvider(Workspace workspace, Workspace.OAuthSpec client, Clock clock) {
        this.workspace = workspace;
        this.client = client;
        this.clock = clock;
    }

    /** The person (name or id) who approves the next sign-in; else the first workspace's first person. */
    void signInNextAs(String user) {
        String id = locked(() -> workspace.userByName(user).id());
        lock.lock();
        try {
            nextUser = Optional.of(id);
        } finally {
            lock.unlock();
        }
    }

    /** {@code openid/connect/authorize}: where the browser goes on to, with a code and the state. */
    String authorize(Args args) {
        if (!args.get("client_id").orElse("").equals(client.clientId())) {
            throw new ApiError("invalid_client_id");
        }
        String redirect = args.get("redirect_uri").orElse("");
        if (redirect.isEmpty()) {
            throw new ApiError("bad_redirect_uri");
        }
        if (!args.get("response_type").orElse("").equals("code")) {
            throw new ApiError("invalid_response_type");
        }
        if (!Arrays.asList(args.get("scope").orElse("").split("[ ,]+")).contains("openid")) {
            throw new ApiError("invalid_scope");
        }
        lock.lock();
        String code;
        try {
            String user = nextUser.orElseGet(
                    () -> locked(() -> workspace.userByName("alice").id()));
            nextUser = Optional.empty();
            code = "oidc-" + workspace.nextId('X').substring(1);
            codes.put(
                    code,
                    new Pending(
                            user, redirect, args.get("nonce"), clock.instant().plusSeconds(600)));
        } finally {
            lock.unlock();
        }
        return redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + args.get("state")
                        .map(s -> "&state=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                        .orElse("");
    }

    /** {@code openid.connect.token}: the code, once, for an ID token and a user token. */
    ObjectNode token(Args args, Optional<String[]> basicAuth) {
        String clientId =
                basicAuth.map(b -> b[0]).or(() -> args.get("client_id")).orElse("");
        String secret =
                basicAuth.map(b -> b[1]).or(() -> args.get("client_secret")).orElse("");
        if (!clientId.equals(client.clientId())) {
            throw new ApiError("invalid_client_id");
        }
        if (!secret.equals(client.clientSecret())) {
            throw new ApiError("bad_client_secret");
        }
        Pending pending;
        String accessToken;
        lock.lock();
        try {
            pending = codes.remove(args.get("code").orElse(""));
            if (pending == null || clock.instant().isAfter(pending.expiresAt())) {
                throw new ApiError("invalid_code");
            }
            if (!args.get("redirect_uri").orElse("").equals(pending.redirectUri())) {
                throw new ApiError("bad_redirect_uri");
            }
            accessToken = "xoxp-" + workspace.nextId('P').substring(1);
            userTokens.put(accessToken, pending.userId());
        } finally {
            lock.unlock();
        }
        ObjectNode claims = claims(pending.userId());
        Instant now = clock.instant();
        claims.put("aud", client.clientId())
                .put("exp", now.getEpochSecond() + 3600)
                .put("iat", now.getEpochSecond())
                .put("auth_time", now.getEpochSecond());
        pending.nonce().ifPresent(n -> claims.put("nonce", n));
        return Json.ok()
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("id_token", sign(claims));
    }

    /** {@code openid.connect.userInfo}: who the user token belongs to. */
    ObjectNode userInfo(String bearer) {
        String userId;
        lock.lock();
        try {
            userId = userTokens.get(bearer);
        } finally {
            lock.unlock();
        }
        if (userId == null) {
            throw new ApiError(bearer.isBlank() ? "not_authed" : "invalid_auth");
        }
        return Json.ok().setAll(claims(userId));
    }

    /** The claims Slack puts in an ID token about a person, without the audience and times. */
    private ObjectNode claims(String userId) {
        return locked(() -> {
            Workspace.UserState user = workspace.userByName(userId);
            Workspace.TeamSpec team = workspace.team(user.teamId()).orElseThrow();
            return Json.object()
                    .put("iss", ISSUER)
                    .put("sub", user.id())
                    .put("https://slack.com/user_id", user.id())
                    .put("https://slack.com/team_id", team.id())
                    .put("https://slack.com/team_name", team.name())
                    .put("https://slack.com/team_domain", team.domain())
                    .put("email", user.name() + "@" + team.domain() + ".example")
                    .put("email_verified", true)
                    .put("name", user.realName())
                    .put("given_name", user.realName())
                    .put("locale", "en-US");
        });
    }

    /** A JWT of {@code claims}, signed with RS256 by this provider's key. */
    String sign(ObjectNode claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(
                Json.write(Json.object().put("typ", "JWT").put("alg", "RS256").put("kid", KEY_ID))
                        .getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys().getPrivate());
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an ID token", e);
        }
    }

    /** {@code openid/connect/keys}: the public key, as a JSON Web Key Set. */
    String keySet() {
        RSAPublicKey key = (RSAPublicKey) keys().getPublic();
        ObjectNode set = Json.object();
        set.putArray("keys")
                .addObject()
                .put("kty", "RSA")
                .put("alg", "RS256")
                .put("use", "sig")
                .put("kid", KEY_ID)
                .put("n", unsigned(key.getModulus()))
                .put("e", unsigned(key.getPublicExponent()));
        return Json.write(set);
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private KeyPair keys() {
        lock.lock();
        try {
            if (keys == null) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        workspace.lock.lock();
        try {
            return action.get();
        } finally {
            workspace.lock.unlock();
        }
    }

    /** The names of the Web API methods this serves. */
    static final List<String> METHODS = List.of("openid.connect.token", "openid.connect.userInfo");
}

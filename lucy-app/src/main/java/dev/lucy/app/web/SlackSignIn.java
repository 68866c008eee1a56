package dev.lucy.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.slack.SlackOAuthConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sign in with Slack" (OpenID Connect) for the web console, for workspace admins and owners. {@link #start} sends the
 * browser to Slack's authorize page with a fresh state and nonce; the state works once, for {@link #STATE_LIFETIME},
 * and only in the browser that started (a cookie holds its other half). {@link #complete} takes Slack's redirect back:
 * trades the code at {@code openid.connect.token}, checks the ID token ({@link SlackIdTokens}: signature against Slack's
 * key set, issuer, audience, expiry, nonce), then asks the workspace itself, with Lucy's bot token there, whether the
 * person is an admin or owner ({@code users.info}). The grant is that one workspace, and only when Lucy is installed
 * in it. Thread safe; blocking (Slack is called over HTTP).
 */
public final class SlackSignIn implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackSignIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the console sends the browser on to Slack. */
    public static final String START_PATH = "/signin/slack";
    /** Where Slack sends the browser back: the redirect URL to add to the Slack app. */
    public static final String CALLBACK_PATH = "/signin/slack/callback";
    /** The scopes "Sign in with Slack" asks for. */
    public static final String SCOPES = String.join(" ", dev.lucy.app.slack.SlackScopes.SIGN_IN_SCOPES);

    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_PENDING = 10_000;

    private final SlackOAuthConfig app;
    private final URI webApiUrl;
    private final Function<String, Optional<String>> botTokens;
    private final Clock clock;
    private final HttpClient http;
    private final SlackIdTokens idTokens;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** A sign-in under way: the hash of its browser's half, its nonce, and until when it may finish. */
    private record Pending(byte[] binding, String nonce, Instant expires) {}

    /**
     * @param app the Slack app's client id and secret and where Slack's sign-in pages are
     * @param webApiUrl Slack's Web API, ending in {@code /} ({@code openid.connect.token}, {@code users.info})
     * @param botTokens Lucy's bot token in a workspace, when Lucy is installed there
     */
    public SlackSignIn(SlackOAuthConfig app, URI webApiUrl, Function<String, Optional<String>> botTokens, Clock clock) {
        this.app = Objects.requireNonNull(app, "app");
        this.webApiUrl = Objects.requireNonNull(webApiUrl, "webApiUrl");
        this.botTokens = Objects.requireNonNull(botTokens, "botTokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.idTokens = new SlackIdTokens(app.openIdUrl().resolve("keys"), app.clientId(), http, clock);
    }

    /** Where the browser goes, and the value of the cookie that binds the sign-in to it. */
    record Started(URI authorize, String binding) {}

    /**
     * A new sign-in for a browser; Slack will send it back to {@code redirect}. Empty when {@link #MAX_PENDING}
     * sign-ins are already under way (someone is starting them by the thousand).
     */
    Optional<Started> start(URI redirect) {
        Instant now = clock.instant();
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> now.isAfter(p.expires()));
            if (pending.size() >= MAX_PENDING) {
                return Optional.empty();
            }
        }
        String state = token();
        String nonce = token();
        String binding = token();
        pending.put(state, new Pending(sha256(binding), nonce, now.plus(STATE_LIFETIME)));
        String query = "response_type=code&scope=" + encode(SCOPES) + "&client_id=" + encode(app.clientId()) + "&state="
                + state + "&nonce=" + nonce + "&redirect_uri=" + encode(redirect.toString());
        return Optional.of(new Started(URI.create(app.openIdUrl().resolve("authorize") + "?" + query), binding));
    }

    /** How a sign-in ended. */
    sealed interface Outcome permits SignedIn, Refused {}

    /** Let in, with {@code grant}; {@code name} is how Slack names the person. */
    record SignedIn(Grant grant, String name) implements Outcome {}

    /** Not let in; {@code message} says why, plainly. */
    record Refused(int status, String title, String message) implements Outcome {}

    /**
     * Slack sent the browser back with {@code query} ({@code code} and {@code state}, or {@code error}); {@code
     * binding} is the cookie {@link #start} gave that browser, {@code redirect} the same redirect as at the start.
     */
    Outcome complete(Map<String, String> query, Optional<String> binding, URI redirect) {
        String state = query.getOrDefault("state", "");
        Pending started = state.isEmpty() ? null : pending.remove(state);
        if (started == null
                || binding.isEmpty()
                || !MessageDigest.isEqual(started.binding(), sha256(binding.get()))
                || clock.instant().isAfter(started.expires())) {
            return new Refused(
                    400,
                    "Sign-in not finished",
                    "This sign-in link has expired, was already used, or was started in another browser. Start again"
                            + " from the sign-in page.");
        }
        String error = query.getOrDefault("error", "");
        String code = query.getOrDefault("code", "");
        if (!error.isEmpty() || code.isEmpty()) {
            return new Refused(
                    400,
                    "Sign-in not finished",
                    error.equals("access_denied")
                            ? "The sign-in was cancelled in Slack. You can start again from the sign-in page."
                            : "Slack did not sign you in. Please start again from the sign-in page.");
        }
        Optional<JsonNode> granted = call(
                "openid.connect.token",
                Optional.empty(),
                Map.of(
                        "client_id", app.clientId(),
                        "client_secret", app.clientSecret(),
                        "code", code,
                        "redirect_uri", redirect.toString()));
        if (granted.isEmpty()) {
            return unreachable();
        }
        if (!granted.get().path("ok").asBoolean()) {
            log.warn(
                    "web console: Slack refused a sign-in's code: {}",
                    granted.get().path("error").asText());
            return new Refused(
                    400,
                    "Sign-in not finished",
                    "Slack did not accept this sign-in. Please start again from the sign-in page.");
        }
        SlackIdTokens.Identity who;
        switch (idTokens.check(granted.get().path("id_token").asText(""), started.nonce())) {
            case SlackIdTokens.Invalid invalid -> {
                log.warn("web console: an ID token from Slack was refused: {}", invalid.why());
                return new Refused(
                        400,
                        "Sign-in not finished",
                        "Slack's answer could not be verified, so nobody was signed in. Please start again.");
            }
            case SlackIdTokens.Valid valid -> who = valid.identity();
        }
        Optional<String> botToken = botTokens.apply(who.workspaceId());
        if (botToken.isEmpty()) {
            return new Refused(
                    403,
                    "Lucy is not in this workspace",
                    "Lucy is not installed in the Slack workspace you signed in with, so there is nothing of it to"
                            + " show. Sign in with a workspace where Lucy is installed.");
        }
        Optional<JsonNode> info = call("users.info", botToken, Map.of("user", who.userId()));
        if (info.isEmpty()) {
            return unreachable();
        }
        JsonNode user = info.get().path("user");
        if (!info.get().path("ok").asBoolean()
                || !user.path("team_id").asText(who.workspaceId()).equals(who.workspaceId())) {
            log.warn(
                    "web console: users.info for a sign-in failed: {}",
                    info.get().path("error").asText());
            return new Refused(
                    403,
                    "Not allowed",
                    "Slack could not tell whether you administer this workspace, so you were not" + " signed in.");
        }
        boolean administers = !user.path("deleted").asBoolean()
                && (user.path("is_admin").asBoolean()
                        || user.path("is_owner").asBoolean()
                        || user.path("is_primary_owner").asBoolean());
        if (!administers) {
            log.info(
                    "web console: {} of workspace {} is not an admin and was not signed in",
                    who.userId(),
                    who.workspaceId());
            return new Refused(
                    403,
                    "Only for workspace admins",
                    "Lucy's console is for the admins and owners of a workspace, and Slack says you are not one. Ask"
                            + " an admin of your workspace if you need to see what Lucy did.");
        }
        log.info("web console: {} signed in with Slack for workspace {}", who.userId(), who.workspaceId());
        return new SignedIn(Grant.of(who.userId(), Set.of(who.workspaceId())), who.name());
    }

    private Refused unreachable() {
        return new Refused(
                502,
                "Slack could not be reached",
                "Slack could not be reached to finish the sign-in. Please try again.");
    }

    /** A Web API method, its form and, when given, a token; empty when Slack could not be reached. */
    private Optional<JsonNode> call(String method, Optional<String> token, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(webApiUrl.resolve(method))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(JSON.readTree(answer.body()));
        } catch (IOException e) {
            log.warn("web console: Slack's {} could not be reached: {}", method, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}

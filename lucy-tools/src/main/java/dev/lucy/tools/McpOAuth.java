package dev.lucy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.Caller;
import dev.lucy.tools.spi.McpSignInStore;
import dev.lucy.tools.spi.McpSignInStore.SignIn;
import dev.lucy.tools.spi.McpTokenStore;
import dev.lucy.tools.spi.McpTokenStore.Grant;
import dev.lucy.tools.spi.McpTokenStore.Key;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connects people one by one to MCP servers that require OAuth, as the MCP authorization spec (2025-06-18) describes:
 * the server's {@code 401} names its protected-resource metadata (RFC 9728), which names the authorization server,
 * whose metadata (RFC 8414, or OpenID discovery) gives the endpoints; Lucy registers itself there (RFC 7591) unless
 * the config names a client; the person signs in through an authorization code flow with PKCE ({@code S256}) and the
 * {@code resource} parameter (RFC 8707). Tokens are kept per workspace, person and server in a {@link
 * McpTokenStore}, refreshed a minute before they expire or when the server answers {@code 401}, and revoked (RFC
 * 7009) when the person disconnects and the server offers revocation.
 *
 * <p>The link a person gets ({@link #begin}) is Lucy's own start page, {@code BASE/oauth/start?state=...}: the state is
 * random, used once, bound to the workspace, the person and the server, and expires after {@link #STATE_LIFETIME}.
 * Whoever serves Lucy's HTTP endpoint routes {@code /oauth/start} to {@link #authorizationRedirect} and {@code
 * /oauth/callback} to {@link #complete}. Sign-ins in progress are kept in a {@link McpSignInStore} with everything the
 * callback needs (the verifier, the token endpoint, the client), so with a shared store any replica completes them.
 *
 * <p>The authorization server's metadata must name the issuer it was fetched for (RFC 8414 section 3.3); otherwise
 * the sign-in is refused.
 *
 * <p>No token or secret is ever logged. Thread safe; calls block on HTTP.
 */
public final class McpOAuth {
    /** How long a sign-in link works. */
    public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    /** An access token this close to its expiry is refreshed before it is used. */
    public static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);
    /** The path of the start page, under Lucy's public address. */
    public static final String START_PATH = "/oauth/start";
    /** The path the authorization server sends the person back to. */
    public static final String CALLBACK_PATH = "/oauth/callback";

    private static final System.Logger log = System.getLogger(McpOAuth.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);

    private final McpTokenStore store;
    private final Supplier<URI> publicUrl;
    private final Clock clock;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();
    private final McpSignInStore signIns;
    private final Map<String, Endpoints> endpoints = new ConcurrentHashMap<>();
    private final Map<Key, Grant> grants = new ConcurrentHashMap<>();
    private final Map<Key, ReentrantLock> refreshLocks = new ConcurrentHashMap<>();
    private final ReentrantLock discoveryLock = new ReentrantLock();
    private final List<Consumer<Key>> listeners = new CopyOnWriteArrayList<>();

    private McpOAuth(
            McpTokenStore store, McpSignInStore signIns, Supplier<URI> publicUrl, Clock clock, HttpClient http) {
        this.store = store;
        this.signIns = signIns;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.http = http;
    }

    /**
     * Connections kept in {@code store}; {@code publicUrl} is the address where people's browsers reach Lucy's HTTP
     * endpoint (asked each time a link is made, so it may be known only once that endpoint listens).
     */
    public static McpOAuth create(McpTokenStore store, Supplier<URI> publicUrl, Clock clock) {
        return create(store, McpSignInStore.inMemory(), publicUrl, clock);
    }

    /**
     * As {@link #create(McpTokenStore, Supplier, Clock)}, with sign-ins in progress kept in {@code signIns}: a store
     * shared by every replica lets the person's browser come back to any of them.
     */
    public static McpOAuth create(McpTokenStore store, McpSignInStore signIns, Supplier<URI> publicUrl, Clock clock) {
        return new McpOAuth(
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(signIns, "signIns"),
                Objects.requireNonNull(publicUrl, "publicUrl"),
                Objects.requireNonNull(clock, "clock"),
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    /** What {@link #begin} gives: a link to sign in, or why there is none. */
    public sealed interface Begin permits Link, Refused {}

    /** The person's own sign-in link; it works once, for {@code validFor}. */
    public record Link(URI uri, Duration validFor) implements Begin {}

    /** No link can be made; {@code reason} is a plain sentence for the person. */
    public record Refused(String reason) implements Begin {}

    /** What {@link #complete} gives. */
    public sealed interface Completed permits Connected, Failed {}

    /** The person's tokens are stored: their calls to {@code key.server()} now use them. */
    public record Connected(Key key) implements Completed {}

    /** The sign-in did not complete; {@code message} is a plain sentence for the person. */
    public record Failed(String message) implements Completed {}

    /**
     * What {@link #disconnect} did.
     *
     * @param removed whether the person had a connection
     * @param revoked whether the authorization server confirmed the revocation of their tokens
     */
    public record Disconnected(boolean removed, boolean revoked) {}

    /** Calls {@code listener} whenever a person connects or disconnects a server. */
    public void onChange(Consumer<Key> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Forgets at once what this process holds of the connections of {@code workspaceId}'s people (their tokens read
     * from the store), for a workspace that removed Lucy; the store's rows are the caller's to delete. Nothing is
     * revoked: the workspace's tokens went with the app.
     */
    public void forgetWorkspace(String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        grants.keySet().removeIf(key -> key.workspaceId().equals(workspaceId));
        refreshLocks.keySet().removeIf(key -> key.workspaceId().equals(workspaceId));
    }

    /** Whether the caller has connected {@code server}. Asks the store when this process has not seen them yet. */
    public boolean connected(Caller caller, String server) {
        Key key = key(caller, server);
        if (grants.containsKey(key)) {
            return true;
        }
        Optional<Grant> stored = store.find(key);
        stored.ifPresent(grant -> grants.putIfAbsent(key, grant));
        return stored.isPresent();
    }

    /** The people who connected {@code server}. */
    public List<Key> connectedTo(String server) {
        return store.connectedTo(server);
    }

    /**
     * Finds the server's authorization server, registers Lucy there when needed, and makes the caller's own sign-in
     * link. Blocks on the server's metadata the first time.
     */
    public Begin begin(Caller caller, McpServerConfig server) {
        if (server.oauth().isEmpty()) {
            return new Refused(server.name() + " does not use sign-in: it is connected for everyone.");
        }
        Endpoints found;
        try {
            found = endpoints(server);
        } catch (DiscoveryException e) {
            warn(server.name(), "OAuth sign-in cannot start", e);
            return new Refused("I could not start the sign-in for " + server.name() + ": " + e.getMessage()
                    + ". Please tell whoever runs Lucy.");
        }
        Instant now = clock.instant();
        signIns.purgeExpired(now);
        String state = randomToken();
        signIns.save(new SignIn(
                state,
                key(caller, server.name()),
                randomToken(),
                callbackUri(),
                found.resource,
                found.authorizationEndpoint,
                found.tokenEndpoint,
                found.scopes,
                found.clientId,
                found.clientSecret,
                now.plus(STATE_LIFETIME)));
        URI start = URI.create(base() + START_PATH + "?state=" + state);
        return new Link(start, STATE_LIFETIME);
    }

    /**
     * Where Lucy's start page sends the browser for {@code state}: the authorization server's page, with PKCE, the
     * state and the resource. Empty when the state is unknown or expired.
     */
    public Optional<URI> authorizationRedirect(String state) {
        Optional<SignIn> found = state == null ? Optional.empty() : signIns.find(state, clock.instant());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SignIn p = found.get();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", p.clientId());
        query.put("redirect_uri", p.redirectUri());
        query.put("code_challenge", challenge(p.verifier()));
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        query.put("resource", p.resource());
        if (!p.scopes().isEmpty()) {
            query.put("scope", String.join(" ", p.scopes()));
        }
        String separator = p.authorizationEndpoint().getRawQuery() == null ? "?" : "&";
        return Optional.of(URI.create(p.authorizationEndpoint() + separator + form(query)));
    }

    /**
     * Completes a sign-in the authorization server sent back: trades the code (with the PKCE verifier) for tokens and
     * stores them for the workspace, person and server the state was made for. A state works once.
     */
    public Completed complete(String state, Optional<String> code, Optional<String> error) {
        Optional<SignIn> taken = state == null ? Optional.empty() : signIns.take(state, clock.instant());
        if (taken.isEmpty()) {
            return new Failed(
                    "This sign-in link has expired or was used already. Run `/lucy connect` again for a new" + " one.");
        }
        SignIn p = taken.get();
        String server = p.key().server();
        if (error.isPresent() || code.isEmpty()) {
            log.log(
                    System.Logger.Level.INFO,
                    "MCP server {0}: a sign-in was declined ({1})",
                    server,
                    error.map(McpOAuth::printable).orElse("no code"));
            return new Failed("The sign-in to " + server + " was not completed, so nothing was connected. You can"
                    + " run `/lucy connect " + server + "` again.");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.get());
        form.put("redirect_uri", p.redirectUri());
        form.put("code_verifier", p.verifier());
        form.put("resource", p.resource());
        Optional<Grant> grant;
        try {
            grant = tokens(p.tokenEndpoint(), p.clientId(), p.clientSecret(), form, Optional.empty());
        } catch (DiscoveryException e) {
            warn(server, "the code could not be traded for tokens", e);
            grant = Optional.empty();
        }
        if (grant.isEmpty()) {
            return new Failed("The sign-in to " + server + " did not complete on the server's side. Please run"
                    + " `/lucy connect " + server + "` again.");
        }
        store.save(p.key(), grant.get());
        grants.put(p.key(), grant.get());
        log.log(
                System.Logger.Level.INFO,
                "MCP server {0}: {1} in {2} connected",
                server,
                p.key().userId(),
                p.key().workspaceId());
        changed(p.key());
        return new Connected(p.key());
    }

    /**
     * The caller's access token for {@code server}, refreshed first when it expires within {@link #REFRESH_AHEAD},
     * or when {@code rejected} is the token the server just refused. Empty when they have not connected, or their
     * connection can no longer be refreshed (it is then removed, and they connect again).
     */
    public Optional<String> accessToken(Key key, McpServerConfig server, Optional<String> rejected) {
        Grant grant = grants.get(key);
        if (grant == null) {
            Optional<Grant> stored = store.find(key);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            grant = stored.get();
            grants.put(key, grant);
        }
        if (usable(grant, rejected)) {
            return Optional.of(grant.accessToken());
        }
        ReentrantLock lock = refreshLocks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return refresh(key, server, rejected);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code grant}'s access token is neither the one just refused nor expiring within the lead. */
    private boolean usable(Grant grant, Optional<String> rejected) {
        boolean stale = rejected.isPresent() && rejected.get().equals(grant.accessToken());
        boolean expiring = grant.expiresAt()
                .map(at -> !clock.instant().plus(REFRESH_AHEAD).isBefore(at))
                .orElse(false);
        return !stale && !expiring;
    }

    private Optional<String> refresh(Key key, McpServerConfig server, Optional<String> rejected) {
        // Another thread or replica may have refreshed it meanwhile: the store has the newest grant.
        Optional<Grant> stored = store.find(key);
        if (stored.isEmpty()) {
            grants.remove(key);
            return Optional.empty();
        }
        Grant grant = stored.get();
        grants.put(key, grant);
        if (usable(grant, rejected)) {
            return Optional.of(grant.accessToken());
        }
        boolean stale = rejected.isPresent() && rejected.get().equals(grant.accessToken());
        boolean expired =
                grant.expiresAt().map(at -> !clock.instant().isBefore(at)).orElse(stale);
        if (grant.refreshToken().isEmpty()) {
            if (expired || stale) {
                forget(key, "its token expired and cannot be refreshed");
                return Optional.empty();
            }
            return Optional.of(grant.accessToken());
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", grant.refreshToken().get());
        Optional<Grant> next;
        try {
            Endpoints found = endpoints(server);
            form.put("resource", found.resource);
            next = tokens(found.tokenEndpoint, grant.clientId(), grant.clientSecret(), form, grant.refreshToken());
        } catch (DiscoveryException e) {
            warn(server.name(), "a token could not be refreshed", e);
            return expired || stale ? Optional.empty() : Optional.of(grant.accessToken());
        }
        if (next.isEmpty()) {
            forget(key, "the server refused to refresh its token");
            return Optional.empty();
        }
        store.save(key, next.get());
        grants.put(key, next.get());
        log.log(System.Logger.Level.DEBUG, "MCP server {0}: refreshed the token of {1}", server.name(), key.userId());
        return Optional.of(next.get().accessToken());
    }

    private void forget(Key key, String why) {
        store.delete(key);
        grants.remove(key);
        log.log(
                System.Logger.Level.INFO,
                "MCP server {0}: the connection of {1} in {2} ended: {3}",
                key.server(),
                key.userId(),
                key.workspaceId(),
                why);
        changed(key);
    }

    /** Removes the caller's connection to {@code server} and revokes its tokens where the server offers that. */
    public Disconnected disconnect(Caller caller, McpServerConfig server) {
        Key key = key(caller, server.name());
        Optional<Grant> grant = store.find(key).or(() -> Optional.ofNullable(grants.get(key)));
        boolean removed = store.delete(key) | grants.remove(key) != null;
        if (grant.isEmpty()) {
            return new Disconnected(removed, false);
        }
        changed(key);
        boolean revoked = false;
        try {
            Endpoints found = endpoints(server);
            if (found.revocationEndpoint.isPresent()) {
                revoked = true;
                if (grant.get().refreshToken().isPresent()) {
                    revoked = revoke(
                            found, grant.get(), grant.get().refreshToken().get(), "refresh_token");
                }
                revoked &= revoke(found, grant.get(), grant.get().accessToken(), "access_token");
            }
        } catch (DiscoveryException e) {
            warn(server.name(), "tokens could not be revoked", e);
        }
        log.log(
                System.Logger.Level.INFO,
                "MCP server {0}: {1} in {2} disconnected (revoked: {3})",
                server.name(),
                key.userId(),
                key.workspaceId(),
                revoked);
        return new Disconnected(true, revoked);
    }

    private boolean revoke(Endpoints found, Grant grant, String token, String hint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        try {
            HttpResponse<String> response =
                    post(found.revocationEndpoint.get(), form, grant.clientId(), grant.clientSecret());
            if (response.statusCode() != 200) {
                log.log(System.Logger.Level.WARNING, "revoking a token answered HTTP {0}", response.statusCode());
            }
            return response.statusCode() == 200;
        } catch (DiscoveryException e) {
            log.log(System.Logger.Level.WARNING, "revoking a token failed: {0}", e.getMessage());
            return false;
        }
    }

    /** Logs that {@code what} failed for {@code server}, and why: the logs name the server first, as the others do. */
    private static void warn(String server, String what, DiscoveryException e) {
        log.log(System.Logger.Level.WARNING, "MCP server {0}: " + what + ": {1}", server, e.getMessage());
    }

    /** Lucy's callback URL, as registered at authorization servers. */
    public String callbackUri() {
        return base() + CALLBACK_PATH;
    }

    private String base() {
        String base = publicUrl.get().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private void changed(Key key) {
        for (Consumer<Key> listener : listeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "a connection listener failed: {0}", e.toString());
            }
        }
    }

    // ---- discovery and registration --------------------------------------------------------------------------

    private Endpoints endpoints(McpServerConfig server) {
        Endpoints known = endpoints.get(server.name());
        if (known != null) {
            return known;
        }
        discoveryLock.lock();
        try {
            known = endpoints.get(server.name());
            if (known == null) {
                known = discover(server);
                endpoints.put(server.name(), known);
            }
            return known;
        } finally {
            discoveryLock.unlock();
        }
    }

    private Endpoints discover(McpServerConfig server) {
        URI mcp = server.url().orElseThrow();
        McpServerConfig.OAuth settings = server.oauth().orElseThrow();
        JsonNode resourceMetadata = protectedResourceMetadata(mcp);
        String resource = resourceMetadata.path("resource").asText(mcp.toString());
        URI resourceUri = URI.create(resource);
        if (!origin(resourceUri).equals(origin(mcp))) {
            throw new DiscoveryException("its resource metadata names another server (" + origin(resourceUri) + ")");
        }
        JsonNode servers = resourceMetadata.path("authorization_servers");
        if (!servers.isArray() || servers.isEmpty()) {
            throw new DiscoveryException("its resource metadata names no authorization server");
        }
        URI issuer = URI.create(servers.get(0).asText());
        JsonNode metadata = authorizationServerMetadata(issuer);
        String named = metadata.path("issuer").asText("");
        if (!sameIssuer(named, issuer.toString())) {
            throw new DiscoveryException("its authorization server's metadata names another issuer ("
                    + printable(named.isEmpty() ? "none" : named) + ", not " + printable(issuer.toString())
                    + "), so I do not trust it");
        }
        URI authorization = uri(metadata, "authorization_endpoint");
        URI token = uri(metadata, "token_endpoint");
        JsonNode methods = metadata.path("code_challenge_methods_supported");
        if (methods.isArray() && !methods.toString().contains("\"S256\"")) {
            throw new DiscoveryException("its authorization server does not offer PKCE with S256");
        }
        Optional<URI> registration = metadata.hasNonNull("registration_endpoint")
                ? Optional.of(uri(metadata, "registration_endpoint"))
                : Optional.empty();
        Optional<URI> revocation = metadata.hasNonNull("revocation_endpoint")
                ? Optional.of(uri(metadata, "revocation_endpoint"))
                : Optional.empty();
        List<String> scopes = new ArrayList<>(settings.scopes());
        if (scopes.isEmpty() && resourceMetadata.path("scopes_supported").isArray()) {
            resourceMetadata.path("scopes_supported").forEach(s -> scopes.add(s.asText()));
        }
        String clientId;
        Optional<String> clientSecret;
        if (settings.clientId().isPresent()) {
            clientId = settings.clientId().get();
            clientSecret = settings.clientSecret();
        } else if (registration.isPresent()) {
            JsonNode client = register(registration.get());
            clientId = client.path("client_id").asText("");
            if (clientId.isEmpty()) {
                throw new DiscoveryException("its authorization server registered Lucy without a client id");
            }
            clientSecret = client.hasNonNull("client_secret")
                    ? Optional.of(client.get("client_secret").asText())
                    : Optional.empty();
            log.log(
                    System.Logger.Level.INFO,
                    "MCP server {0}: Lucy registered as OAuth client {1}",
                    server.name(),
                    clientId);
        } else {
            throw new DiscoveryException("its authorization server does not register clients itself; set \"oauth\":"
                    + " {\"clientId\": ...} for it in the MCP config");
        }
        return new Endpoints(resource, authorization, token, revocation, List.copyOf(scopes), clientId, clientSecret);
    }

    private JsonNode protectedResourceMetadata(URI mcp) {
        List<URI> candidates = new ArrayList<>();
        // An unauthenticated request: the 401's WWW-Authenticate names the metadata.
        HttpResponse<String> probe = send(
                HttpRequest.newBuilder(mcp)
                        .timeout(HTTP_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"ping\"}"))
                        .build(),
                "the server cannot be reached");
        for (String challenge : probe.headers().allValues("WWW-Authenticate")) {
            Matcher m = RESOURCE_METADATA.matcher(challenge);
            if (m.find()) {
                candidates.add(mcp.resolve(m.group(1)));
            }
        }
        String path = mcp.getRawPath() == null || mcp.getRawPath().equals("/") ? "" : mcp.getRawPath();
        candidates.add(URI.create(origin(mcp) + "/.well-known/oauth-protected-resource" + path));
        candidates.add(URI.create(origin(mcp) + "/.well-known/oauth-protected-resource"));
        return firstJson(candidates, "the server publishes no protected-resource metadata");
    }

    private JsonNode authorizationServerMetadata(URI issuer) {
        String path = issuer.getRawPath() == null || issuer.getRawPath().equals("/") ? "" : issuer.getRawPath();
        String origin = origin(issuer);
        List<URI> candidates = new ArrayList<>();
        candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        candidates.add(URI.create(origin + "/.well-known/openid-configuration" + path));
        if (!path.isEmpty()) {
            candidates.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        }
        return firstJson(candidates, "its authorization server publishes no metadata");
    }

    private JsonNode register(URI registration) {
        ObjectNode request = JSON.createObjectNode();
        request.put("client_name", "Lucy");
        request.putArray("redirect_uris").add(callbackUri());
        request.putArray("grant_types").add("authorization_code").add("refresh_token");
        request.putArray("response_types").add("code");
        request.put("token_endpoint_auth_method", "none");
        String failed = "registering Lucy failed";
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(registration)
                        .timeout(HTTP_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                        .build(),
                failed);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new DiscoveryException(
                    "its authorization server refused to register Lucy (HTTP " + response.statusCode() + ")");
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DiscoveryException(failed + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private JsonNode firstJson(List<URI> candidates, String none) {
        for (URI candidate : candidates) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(candidate)
                                .timeout(HTTP_TIMEOUT)
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode json = JSON.readTree(response.body());
                    if (json != null && json.isObject()) {
                        return json;
                    }
                }
            } catch (IOException e) {
                log.log(System.Logger.Level.DEBUG, "OAuth metadata at {0}: {1}", candidate, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscoveryException("interrupted");
            }
        }
        throw new DiscoveryException(none);
    }

    // ---- tokens ------------------------------------------------------------------------------------------------

    /** Tokens from the token endpoint; empty when the server refused the grant ({@code invalid_grant} and the like). */
    private Optional<Grant> tokens(
            URI tokenEndpoint,
            String clientId,
            Optional<String> clientSecret,
            Map<String, String> form,
            Optional<String> previousRefreshToken) {
        HttpResponse<String> response = post(tokenEndpoint, form, clientId, clientSecret);
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() >= 500) {
            throw new DiscoveryException("the token endpoint answered HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200 || body == null || !body.hasNonNull("access_token")) {
            log.log(
                    System.Logger.Level.WARNING,
                    "the token endpoint refused ({0}, {1})",
                    response.statusCode(),
                    body == null ? "" : printable(body.path("error").asText("")));
            return Optional.empty();
        }
        String type = body.path("token_type").asText("Bearer");
        if (!type.equalsIgnoreCase("bearer")) {
            log.log(
                    System.Logger.Level.WARNING,
                    "the token endpoint gave a {0} token, not a bearer token",
                    printable(type));
            return Optional.empty();
        }
        Optional<Instant> expiresAt = body.hasNonNull("expires_in")
                ? Optional.of(clock.instant().plusSeconds(body.get("expires_in").asLong()))
                : Optional.empty();
        Optional<String> refreshToken = body.hasNonNull("refresh_token")
                ? Optional.of(body.get("refresh_token").asText())
                : previousRefreshToken;
        return Optional.of(
                new Grant(clientId, clientSecret, body.get("access_token").asText(), refreshToken, expiresAt));
    }

    private HttpResponse<String> post(
            URI endpoint, Map<String, String> form, String clientId, Optional<String> clientSecret) {
        Map<String, String> body = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret.isPresent()) {
            String basic = urlEncode(clientId) + ":" + urlEncode(clientSecret.get());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", clientId);
        }
        return send(
                request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(),
                "the authorization server cannot be reached");
    }

    /**
     * What the server answers {@code request}; not reaching it is a {@link DiscoveryException} saying {@code failing}
     * and the kind of failure.
     */
    private HttpResponse<String> send(HttpRequest request, String failing) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DiscoveryException(failing + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted");
        }
    }

    // ---- small helpers -----------------------------------------------------------------------------------------

    static Key key(Caller caller, String server) {
        return new Key(caller.workspaceId(), caller.userId(), server);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The PKCE S256 challenge of {@code verifier} (RFC 7636). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String form(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(urlEncode(name)).append('=').append(urlEncode(value));
        });
        return out.toString();
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static URI uri(JsonNode metadata, String field) {
        String value = metadata.path(field).asText("");
        if (value.isEmpty()) {
            throw new DiscoveryException("its authorization server metadata has no " + field);
        }
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new DiscoveryException("its authorization server metadata has a bad " + field);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("its authorization server metadata has a bad " + field);
        }
    }

    /**
     * Whether the metadata's {@code issuer} is the issuer it was fetched for (RFC 8414 section 3.3): identical, but for
     * one trailing slash, which URL parsers add or drop.
     */
    static boolean sameIssuer(String named, String expected) {
        return !named.isEmpty() && trimSlash(named).equals(trimSlash(expected));
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** A short text from a server, safe to log: printable characters only. */
    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
    }

    private record Endpoints(
            String resource,
            URI authorizationEndpoint,
            URI tokenEndpoint,
            Optional<URI> revocationEndpoint,
            List<String> scopes,
            String clientId,
            Optional<String> clientSecret) {}

    /** The server's sign-in cannot be used; the message is a few words, safe to show and log. */
    private static final class DiscoveryException extends RuntimeException {
        DiscoveryException(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.lucy.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MCP server that requires OAuth, with its own authorization server, on loopback, as the MCP authorization spec
 * describes them: {@code /mcp} (Streamable HTTP, JSON answers) answers {@code 401} with a {@code WWW-Authenticate}
 * naming its protected-resource metadata (RFC 9728); the authorization server publishes RFC 8414 metadata, registers
 * clients (RFC 7591), runs the authorization code flow and checks PKCE {@code S256} and the {@code resource}
 * (RFC 8707), refreshes tokens (rotating the refresh token) and revokes them (RFC 7009).
 *
 * <p>The sign-in page approves at once, as the account {@link #signInAs} names: a test follows the link with an HTTP
 * client as a browser would. Its one tool, {@code whoami} (read-only), answers with the account of the token it was
 * called with. {@link #expireAccessTokens()} makes every access token issued so far be refused, so a client must
 * refresh. Thread safe; {@link #close()} stops it.
 */
public final class OAuthMcpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, List<String>> clients = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile String account = "someone";
    private volatile long lifetimeSeconds = 3600;
    private volatile String issuer;

    private record Code(String clientId, String redirectUri, String challenge, String resource, String account) {}

    private record Refresh(String clientId, String account) {}

    private OAuthMcpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free loopback port. */
    public static OAuthMcpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            OAuthMcpServer mcp = new OAuthMcpServer(http, executor);
            http.createContext("/", mcp::handle);
            http.setExecutor(executor);
            http.start();
            return mcp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The MCP endpoint, which requires a bearer token. */
    public URI endpoint() {
        return URI.create(base() + "/mcp");
    }

    /** The account the sign-in page approves as, from now on. */
    public void signInAs(String account) {
        this.account = account;
    }

    /**
     * The {@code issuer} its authorization-server metadata names from now on, instead of its own address: a client
     * must then refuse it (RFC 8414 section 3.3).
     */
    public void serveIssuer(String issuer) {
        this.issuer = issuer;
    }

    /** The {@code expires_in} of access tokens issued from now on. */
    public void tokenLifetime(java.time.Duration lifetime) {
        this.lifetimeSeconds = lifetime.toSeconds();
    }

    /** Makes every access token issued so far be refused; refresh tokens still work. */
    public void expireAccessTokens() {
        accessTokens.clear();
    }

    /** How many clients registered themselves. */
    public int registeredClients() {
        return clients.size();
    }

    /** How many times a refresh token was traded for new tokens. */
    public int refreshes() {
        return refreshes.get();
    }

    /** How many MCP requests were refused for a missing or unknown token. */
    public int rejectedRequests() {
        return rejected.get();
    }

    /** How many tokens were revoked (access and refresh tokens alike). */
    public int revokedTokens() {
        return revoked.size();
    }

    /** Every tool call, as {@code account: tool}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Whether {@code text} holds a token this server ever issued, access or refresh (to check logs for leaks). */
    public boolean containsIssuedToken(String text) {
        return issued.stream().anyMatch(text::contains);
    }

    private final List<String> issued = new CopyOnWriteArrayList<>();

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/mcp" -> mcp(exchange);
                case "/.well-known/oauth-protected-resource/mcp" -> {
                    ObjectNode metadata =
                            JSON.createObjectNode().put("resource", endpoint().toString());
                    metadata.putArray("authorization_servers").add(base());
                    metadata.putArray("scopes_supported").add("notes.read");
                    send(exchange, 200, metadata.toString());
                }
                case "/.well-known/oauth-authorization-server" -> {
                    ObjectNode metadata = JSON.createObjectNode()
                            .put("issuer", issuer == null ? base() : issuer)
                            .put("authorization_endpoint", base() + "/authorize")
                            .put("token_endpoint", base() + "/token")
                            .put("registration_endpoint", base() + "/register")
                            .put("revocation_endpoint", base() + "/revoke");
                    metadata.putArray("code_challenge_methods_supported").add("S256");
                    metadata.putArray("response_types_supported").add("code");
                    metadata.putArray("grant_types_supported")
                            .add("authorization_code")
                            .add("refresh_token");
                    send(exchange, 200, metadata.toString());
                }
                case "/register" -> register(exchange);
                case "/authorize" -> authorize(exchange);
                case "/token" -> token(exchange);
                case "/revoke" -> revoke(exchange);
                default -> send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        if (!request.path("redirect_uris").isArray()
                || request.path("redirect_uris").isEmpty()) {
            send(exchange, 400, "{\"error\":\"invalid_redirect_uri\"}");
            return;
        }
        String clientId = "client-" + token(8);
        clients.put(
                clientId,
                JSON.convertValue(
                        request.path("redirect_uris"),
                        JSON.getTypeFactory().constructCollectionType(List.class, String.class)));
        ObjectNode answer = JSON.createObjectNode().put("client_id", clientId);
        answer.set("redirect_uris", request.path("redirect_uris"));
        answer.put("token_endpoint_auth_method", "none");
        send(exchange, 201, answer.toString());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        List<String> redirects = clients.get(query.getOrDefault("client_id", ""));
        String redirect = query.getOrDefault("redirect_uri", "");
        if (redirects == null || !redirects.contains(redirect)) {
            send(exchange, 400, "{\"error\":\"unknown client or redirect_uri\"}");
            return;
        }
        String problem = null;
        if (!"code".equals(query.get("response_type"))) {
            problem = "unsupported_response_type";
        } else if (!"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null) {
            problem = "invalid_request";
        } else if (!endpoint().toString().equals(query.get("resource"))) {
            problem = "invalid_target";
        }
        String state = query.getOrDefault("state", "");
        String location;
        if (problem != null) {
            location = redirect + "?error=" + problem + "&state=" + encode(state);
        } else {
            String code = token(16);
            codes.put(
                    code,
                    new Code(
                            query.get("client_id"),
                            redirect,
                            query.get("code_challenge"),
                            query.get("resource"),
                            account));
            location = redirect + "?code=" + code + "&state=" + encode(state);
        }
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = form.getOrDefault("client_id", "");
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                Code code = codes.remove(form.getOrDefault("code", ""));
                if (code == null
                        || !code.clientId().equals(clientId)
                        || !code.redirectUri().equals(form.get("redirect_uri"))
                        || !code.resource().equals(form.get("resource"))
                        || form.get("code_verifier") == null
                        || !code.challenge().equals(s256(form.get("code_verifier")))) {
                    send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                send(exchange, 200, issue(clientId, code.account()));
            }
            case "refresh_token" -> {
                Refresh refresh = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (refresh == null || !refresh.clientId().equals(clientId)) {
                    send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                refreshes.incrementAndGet();
                send(exchange, 200, issue(clientId, refresh.account()));
            }
            default -> send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    private String issue(String clientId, String account) {
        String access = "oat_" + token(24);
        String refresh = "ort_" + token(24);
        issued.add(access);
        issued.add(refresh);
        accessTokens.put(access, account);
        refreshTokens.put(refresh, new Refresh(clientId, account));
        return JSON.createObjectNode()
                .put("access_token", access)
                .put("token_type", "Bearer")
                .put("expires_in", lifetimeSeconds)
                .put("refresh_token", refresh)
                .toString();
    }

    private void revoke(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String token = form.getOrDefault("token", "");
        if (accessTokens.remove(token) != null || refreshTokens.remove(token) != null) {
            revoked.add(token);
        }
        exchange.sendResponseHeaders(200, -1); // RFC 7009: 200 whether or not the token was valid
    }

    private void mcp(HttpExchange exchange) throws IOException {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                .orElse("");
        String account = authorization.startsWith("Bearer ") ? accessTokens.get(authorization.substring(7)) : null;
        if (account == null) {
            rejected.incrementAndGet();
            exchange.getResponseHeaders()
                    .set(
                            "WWW-Authenticate",
                            "Bearer resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource/mcp\"");
            send(exchange, 401, "{\"error\":\"invalid_token\"}");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 200 : 405, -1);
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        if (!request.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        ObjectNode result = response.putObject("result");
        switch (request.path("method").asText()) {
            case "initialize" -> {
                result.put(
                        "protocolVersion", request.at("/params/protocolVersion").asText("2025-06-18"));
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "oauth-notes").put("version", "1.0.0");
                exchange.getResponseHeaders().add("Mcp-Session-Id", "session-" + token(6));
            }
            case "tools/list" -> {
                ArrayNode tools = result.putArray("tools");
                ObjectNode tool = tools.addObject()
                        .put("name", "whoami")
                        .put("description", "Tell which account this connection signed in as");
                tool.putObject("inputSchema").put("type", "object").putObject("properties");
                tool.putObject("annotations").put("readOnlyHint", true);
            }
            case "tools/call" -> {
                String name = request.at("/params/name").asText();
                calls.add(account + ": " + name);
                result.putArray("content").addObject().put("type", "text").put("text", "signed in as " + account);
            }
            default -> result.removeAll();
        }
        send(exchange, 200, response.toString());
    }

    private String token(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.lucy.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Slack's Web API over HTTP on loopback, on the JDK's HTTP server with a virtual thread per request. Also serves
 * the upload URLs from {@code files.getUploadURLExternal}, the {@code response_url}s of actions and commands, and
 * a small control API ({@code /sim/...}) for driving a standalone simulator from outside.
 */
final class WebApiServer {
    static final Set<String> METHODS = Set.of(
            "auth.test",
            "oauth.v2.access",
            "openid.connect.token",
            "openid.connect.userInfo",
            "apps.connections.open",
            "chat.postMessage",
            "chat.update",
            "chat.delete",
            "chat.postEphemeral",
            "reactions.add",
            "reactions.remove",
            "conversations.replies",
            "conversations.history",
            "users.info",
            "conversations.list",
            "conversations.info",
            "conversations.members",
            "assistant.threads.setStatus",
            "assistant.threads.setSuggestedPrompts",
            "assistant.threads.setTitle",
            "chat.startStream",
            "chat.appendStream",
            "chat.stopStream",
            "files.getUploadURLExternal",
            "files.completeUploadExternal",
            "files.info",
            "views.publish");

    /** The latency key that applies to every method without its own. */
    static final String ALL_METHODS = "*";

    /** Methods that take only the app-level token. */
    private static final Set<String> APP_TOKEN_METHODS = Set.of("apps.connections.open");

    /** Methods that take either token; the SDKs call {@code auth.test} with the app-level token too. */
    private static final Set<String> ANY_TOKEN_METHODS = Set.of("auth.test");

    private final Workspace workspace;
    private final OpenIdProvider openId;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final Map<String, Duration> latency = new ConcurrentHashMap<>();
    private final SimControl control;
    private final int requestedPort;
    private HttpServer server;
    private ExecutorService executor;

    /** The operations behind {@code /sim/...}, so a standalone simulator can be driven over HTTP. */
    interface SimControl {
        ObjectNode handle(String action, Args args);
    }

    WebApiServer(
            Workspace workspace,
            OpenIdProvider openId,
            RateLimiter rateLimiter,
            Clock clock,
            SimControl control,
            int port) {
        this.workspace = workspace;
        this.openId = openId;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.control = control;
        this.requestedPort = port;
    }

    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + requestedPort + ": " + e.getMessage(), e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/api/", this::api);
        server.createContext("/upload/v1/", this::upload);
        server.createContext("/files-pri/", this::downloadFile);
        server.createContext("/files-origin/", this::downloadFile);
        server.createContext("/signin", this::signIn);
        server.createContext("/oauth/v2/authorize", this::authorize);
        server.createContext("/openid/connect/authorize", this::openIdAuthorize);
        server.createContext("/openid/connect/keys", this::openIdKeys);
        server.createContext("/actions/", this::respond);
        server.createContext("/commands/", this::respond);
        server.createContext("/sim/", this::control);
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            executor.close();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void latency(String method, Duration delay) {
        if (delay.isZero()) {
            latency.remove(method);
        } else {
            latency.put(method, delay);
        }
    }

    void clearLatency() {
        latency.clear();
    }

    // ------------------------------------------------------------------ /api/

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant at = clock.instant();
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = Optional.ofNullable(
                            exchange.getRequestHeaders().getFirst("Content-Type"))
                    .orElse("")
                    .toLowerCase(Locale.ROOT);
            boolean malformed = false;
            if (contentType.startsWith("application/json")) {
                malformed = !parseJson(new String(body, StandardCharsets.UTF_8), params);
            } else if (body.length > 0) {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
            String token = bearer(exchange).orElseGet(() -> params.getOrDefault("token", ""));
            params.remove("token");
            Args args = new Args(Map.copyOf(params));

            int status = 200;
            Map<String, String> headers = new LinkedHashMap<>();
            ObjectNode answer;
            if (!METHODS.contains(method)) {
                answer = Json.error("unknown_method").put("req_method", method);
            } else if (malformed) {
                answer = Json.error("invalid_json");
            } else if (method.equals("oauth.v2.access")) {
                answer = oauthAccess(args, basic(exchange));
            } else if (method.equals("openid.connect.token")) {
                answer = openId(() -> openId.token(args, basic(exchange)));
            } else if (method.equals("openid.connect.userInfo")) {
                answer = openId(() -> openId.userInfo(token));
            } else {
                delay(method);
                Optional<String> authError = authenticate(method, token);
                String teamId = workspace.botToken(token) instanceof Workspace.Valid valid
                        ? valid.teamId()
                        : workspace.team().id();
                if (authError.isEmpty()) {
                    authError = outsideWorkspace(teamId, token, args);
                }
                if (authError.isPresent()) {
                    answer = Json.error(authError.get());
                } else {
                    String channel =
                            args.get("channel").or(() -> args.get("channel_id")).orElse("");
                    Optional<Duration> wait = rateLimiter.acquire(method, teamId, channel);
                    if (wait.isPresent()) {
                        status = 429;
                        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                        headers.put("Retry-After", Long.toString(seconds));
                        answer = Json.error("ratelimited");
                    } else {
                        answer = answer(method, args);
                        ObjectNode identity = answer;
                        if (method.equals("auth.test") && answer.path("ok").asBoolean()) {
                            workspace
                                    .team(teamId)
                                    .ifPresent(t -> identity.put("team_id", t.id())
                                            .put("team", t.name())
                                            .put("url", "https://" + t.domain() + ".slack.com/"));
                        }
                    }
                }
            }
            if (method.equals("auth.test")
                    && token.equals(workspace.app().appToken())
                    && answer.path("ok").asBoolean()) {
                // An app-level token belongs to the app, not to a user: no user or bot in the answer.
                answer.remove(List.of("user", "user_id", "bot_id"));
                answer.put("app_id", workspace.app().appId())
                        .put("app_name", workspace.app().botName());
            }
            String json = Json.write(answer);
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            workspace.record(new ApiCall(
                    method,
                    args.values(),
                    status,
                    json,
                    answer.path("ok").asBoolean()
                            ? Optional.empty()
                            : Optional.of(answer.path("error").asText()),
                    at));
            send(exchange, status, "application/json; charset=utf-8", json);
        }
    }

    private ObjectNode answer(String method, Args args) {
        try {
            return workspace.call(method, args);
        } catch (ApiError e) {
            return e.body();
        } catch (RuntimeException e) {
            // A request the simulator cannot make sense of still gets Slack's shape of answer, never a dropped
            // connection.
            return Json.error("internal_error");
        }
    }

    private void delay(String method) {
        Duration delay = latency.getOrDefault(method, latency.get(ALL_METHODS));
        if (delay == null) {
            return;
        }
        try {
            // A server-side pause on this request's own virtual thread, standing in for network and Slack time.
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode oauthAccess(Args args, Optional<String[]> basic) {
        try {
            return workspace.oauthAccess(args, basic);
        } catch (ApiError e) {
            return e.body();
        }
    }

    /**
     * A bot token names a channel, a file's channel or a person of another workspace than its own: Slack answers as
     * if there were no such channel or person.
     */
    private Optional<String> outsideWorkspace(String teamId, String token, Args args) {
        if (token.equals(workspace.app().appToken())) {
            return Optional.empty();
        }
        for (String name : List.of("channel", "channel_id")) {
            Optional<String> channel = args.get(name).flatMap(workspace::teamOfChannel);
            if (channel.isPresent() && !channel.get().equals(teamId)) {
                return Optional.of("channel_not_found");
            }
        }
        for (String name : List.of("user", "user_id")) {
            Optional<String> user = args.get(name).flatMap(workspace::teamOfUser);
            if (user.isPresent()
                    && workspace.installableTeam(user.get())
                    && !user.get().equals(teamId)) {
                return Optional.of("user_not_found");
            }
        }
        return Optional.empty();
    }

    private Optional<String> authenticate(String method, String token) {
        if (token.isBlank()) {
            return Optional.of("not_authed");
        }
        Workspace.App app = workspace.app();
        boolean appLevel = token.equals(app.appToken());
        if (!appLevel && workspace.botToken(token) instanceof Workspace.Refused refused) {
            return Optional.of(refused.error());
        }
        if (ANY_TOKEN_METHODS.contains(method)) {
            return Optional.empty();
        }
        boolean wantsApp = APP_TOKEN_METHODS.contains(method);
        if (wantsApp != appLevel) {
            return Optional.of("not_allowed_token_type");
        }
        return Optional.empty();
    }

    /** {@code oauth/v2/authorize}: the person approves at once, and the browser goes on to the app's redirect. */
    private void authorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            String to;
            try {
                to = workspace.authorize(new Args(Map.copyOf(params)));
            } catch (ApiError e) {
                send(
                        exchange,
                        400,
                        "text/html; charset=utf-8",
                        "<html><body><p>Slack could not install this app: "
                                + e.body().path("error").asText() + "</p></body></html>");
                return;
            }
            exchange.getResponseHeaders().add("Location", to);
            send(exchange, 302, "text/html; charset=utf-8", "");
        }
    }

    private static ObjectNode openId(java.util.function.Supplier<ObjectNode> call) {
        try {
            return call.get();
        } catch (ApiError e) {
            return e.body();
        }
    }

    /**
     * {@code openid/connect/authorize} ("Sign in with Slack"): the person approves at once, and the browser goes on to
     * the app's redirect with a code and the state.
     */
    private void openIdAuthorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            String to;
            try {
                to = openId.authorize(new Args(Map.copyOf(params)));
            } catch (ApiError e) {
                send(
                        exchange,
                        400,
                        "text/html; charset=utf-8",
                        "<html><body><p>Slack could not sign you in to this app: "
                                + e.body().path("error").asText() + "</p></body></html>");
                return;
            }
            exchange.getResponseHeaders().add("Location", to);
            send(exchange, 302, "text/html; charset=utf-8", "");
        }
    }

    /** {@code openid/connect/keys}: the keys ID tokens are signed with. */
    private void openIdKeys(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "application/json; charset=utf-8", openId.keySet());
        }
    }

    /** The client id and secret of an HTTP Basic authorization, as {@code oauth.v2.access} accepts them. */
    private static Optional<String[]> basic(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded = new String(
                java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0
                ? Optional.empty()
                : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static Optional<String> bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.empty();
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    /** JSON members become arguments: strings as they are, arrays and objects as JSON text, like form fields. */
    private static boolean parseJson(String raw, Map<String, String> into) {
        if (raw.isBlank()) {
            return true;
        }
        Optional<JsonNode> json = Json.parse(raw);
        if (json.isEmpty() || !json.get().isObject()) {
            return false;
        }
        json.get().fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                return;
            }
            into.put(e.getKey(), v.isContainerNode() ? Json.write(v) : v.asText());
        });
        return true;
    }

    // ------------------------------------------------------------------ files, response URLs, control

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String fileId = exchange.getRequestURI().getPath().substring("/upload/v1/".length());
            byte[] content;
            try (InputStream in = exchange.getRequestBody()) {
                content = in.readAllBytes();
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !workspace.receiveUpload(fileId, content)) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not Found");
                return;
            }
            send(exchange, 200, "text/plain; charset=utf-8", "OK - " + content.length);
        }
    }

    /**
     * A file's {@code url_private_download}. As on Slack, the first address answers a request with the bot token
     * by redirecting to where the bytes are (on the same host, so the token goes along), and answers any other
     * request by redirecting to the sign-in page, an HTML page with status 200 rather than an error.
     */
    private void downloadFile(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String token = bearer(exchange).orElse("");
            if (path.startsWith("/files-pri/")) {
                // /files-pri/T123-F456/download/name.csv
                String[] parts = path.substring("/files-pri/".length()).split("/", 2);
                String fileId = parts[0].substring(parts[0].indexOf('-') + 1);
                String to = workspace.download(fileId, token, false).isPresent()
                        ? "/files-origin/" + fileId + "/" + (parts.length > 1 ? parts[1] : "")
                        : "/signin?redir=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Location", to);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            String fileId = path.substring("/files-origin/".length()).split("/", 2)[0];
            Optional<Workspace.FileDownload> file = workspace.download(fileId, token, true);
            if (file.isEmpty()) {
                exchange.getResponseHeaders().set("Location", "/signin");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", file.get().mimetype());
            exchange.sendResponseHeaders(
                    200, file.get().content().length == 0 ? -1 : file.get().content().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file.get().content());
            }
        }
    }

    private void signIn(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(
                    exchange,
                    200,
                    "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in</body></html>");
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Optional<JsonNode> json = Json.parse(body).filter(JsonNode::isObject);
            if (json.isEmpty()) {
                send(exchange, 400, "text/plain; charset=utf-8", "invalid_payload");
                return;
            }
            if (!workspace.respond(id, json.get())) {
                send(exchange, 404, "text/plain; charset=utf-8", "no_such_response_url");
                return;
            }
            send(exchange, 200, "text/plain; charset=utf-8", "ok");
        }
    }

    private void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String action = exchange.getRequestURI().getPath().substring("/sim/".length());
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = Optional.ofNullable(
                            exchange.getRequestHeaders().getFirst("Content-Type"))
                    .orElse("");
            if (contentType.startsWith("application/json")) {
                parseJson(body, params);
            } else {
                parseForm(body, params);
            }
            ObjectNode answer;
            try {
                answer = control.handle(action, new Args(Map.copyOf(params)));
            } catch (IllegalArgumentException e) {
                answer = Json.error(e.getMessage());
            }
            send(
                    exchange,
                    answer.path("ok").asBoolean() ? 200 : 400,
                    "application/json; charset=utf-8",
                    Json.write(answer));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

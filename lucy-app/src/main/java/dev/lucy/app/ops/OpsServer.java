package dev.lucy.app.ops;

import static dev.lucy.core.Locks.locked;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lucy.core.LucyException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint: {@code GET /healthz} (the process is alive: 200), {@code GET /readyz} (200 when every
 * readiness check passes and the server is not draining, 503 with the failing checks otherwise) and
 * {@code GET /metrics} (Prometheus text format). A JDK {@code HttpServer} on virtual threads; build with
 * {@link #builder()}, then {@link #start()}; {@link #close()} stops it. Thread safe.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final String JSON = "application/json; charset=utf-8";

    private final String host;
    private final int requestedPort;
    private final Map<String, ReadinessCheck> checks;
    private final Map<String, java.util.function.Supplier<Map<String, String>>> states;
    private final Optional<PrometheusMeterRegistry> registry;
    private final Map<String, java.util.function.Function<java.net.URI, Page>> pages;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean draining;
    private HttpServer server;
    private ExecutorService executor;

    private OpsServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(b.checks));
        this.states = Collections.unmodifiableMap(new LinkedHashMap<>(b.states));
        this.registry = b.registry;
        this.pages = Collections.unmodifiableMap(new LinkedHashMap<>(b.pages));
    }

    /**
     * A page a person's browser opens (the MCP sign-in's start and callback): HTML, or a redirect.
     *
     * @param redirect where to send the browser (a 302); empty: show {@code html}
     */
    public record Page(int status, String html, Optional<java.net.URI> redirect) {
        public Page {
            Objects.requireNonNull(html, "html");
            Objects.requireNonNull(redirect, "redirect");
        }

        public static Page html(int status, String html) {
            return new Page(status, html, Optional.empty());
        }

        public static Page redirect(java.net.URI to) {
            return new Page(302, "", Optional.of(to));
        }

        /**
         * A page of one heading and one sentence, such as the end of a sign-in; {@code sentence} is HTML, so text
         * from elsewhere in it goes through {@link #escape} first.
         */
        public static Page sentence(int status, String title, String sentence) {
            return html(
                    status,
                    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lucy: " + title
                            + "</title></head><body><h1>" + title + "</h1><p>" + sentence + "</p></body></html>");
        }

        /** {@code text} safe inside a page: no markup, and no backquote that a browser could read as a quote. */
        public static String escape(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("`", "");
        }

        /** The decoded parameters of {@code request}'s query; the first of a repeated name counts. */
        public static Map<String, String> query(java.net.URI request) {
            Map<String, String> values = new LinkedHashMap<>();
            String raw = request.getRawQuery();
            if (raw == null || raw.isEmpty()) {
                return values;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.putIfAbsent(
                        name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return values;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving; returns this.
     *
     * @throws LucyException when the port cannot be bound (named in the message)
     */
    public OpsServer start() {
        lock.lock();
        try {
            if (server != null) {
                return this;
            }
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
            } catch (IOException e) {
                throw LucyException.permanent("the operations endpoint cannot listen on " + host + ":" + requestedPort
                        + " (" + e.getMessage() + "); set LUCY_OPS_PORT to a free port or to off");
            }
            executor = Executors.newVirtualThreadPerTaskExecutor();
            s.setExecutor(executor);
            s.createContext("/healthz", exchange -> handle(exchange, this::health));
            s.createContext("/readyz", exchange -> handle(exchange, this::readiness));
            s.createContext("/metrics", exchange -> handle(exchange, this::metrics));
            pages.forEach((path, page) -> s.createContext(
                    path,
                    exchange -> handle(exchange, ex -> {
                        if (!ex.getRequestURI().getPath().equals(path)) {
                            return new Response(404, JSON, "{\"error\":\"not found\"}");
                        }
                        Page answer = page.apply(ex.getRequestURI());
                        answer.redirect()
                                .ifPresent(to -> ex.getResponseHeaders().set("Location", to.toString()));
                        // Sign-in pages must not leak their query (codes, states) to other sites through the referrer.
                        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                        return new Response(answer.status(), "text/html; charset=utf-8", answer.html());
                    })));
            s.createContext(
                    "/", exchange -> handle(exchange, ignored -> new Response(404, JSON, "{\"error\":\"not found\"}")));
            s.start();
            server = s;
            log.info("Operations endpoint on http://{}:{} (/healthz, /readyz, /metrics)", host, port());
            return this;
        } finally {
            lock.unlock();
        }
    }

    /** The port listened on (the one the OS chose when built with port 0). */
    public int port() {
        return locked(lock, () -> {
            if (server == null) {
                throw new IllegalStateException("the operations endpoint is not started");
            }
            return server.getAddress().getPort();
        });
    }

    /** From now on {@code /readyz} answers 503 "shutting down", so load balancers stop sending work. */
    public void drain() {
        draining = true;
    }

    /** Stops serving at once; idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (server != null) {
                server.stop(0);
                executor.close();
                server = null;
                executor = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private record Response(int status, String contentType, String body) {}

    private interface Handler {
        Response answer(HttpExchange exchange);
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Response response;
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = new Response(405, JSON, "{\"error\":\"method not allowed\"}");
            } else {
                try {
                    response = handler.answer(exchange);
                } catch (RuntimeException e) {
                    log.warn(
                            "Operations endpoint failed to answer {}",
                            exchange.getRequestURI().getPath(),
                            e);
                    response = new Response(500, JSON, "{\"error\":\"internal error\"}");
                }
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Response health(HttpExchange exchange) {
        return new Response(200, JSON, "{\"status\":\"alive\"}");
    }

    private Response readiness(HttpExchange exchange) {
        StringBuilder json = new StringBuilder("{");
        String reason = null;
        StringBuilder results = new StringBuilder("{");
        for (Map.Entry<String, ReadinessCheck> check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().ready();
            } catch (RuntimeException e) {
                log.warn(
                        "Readiness check '{}' threw {}",
                        check.getKey(),
                        e.getClass().getSimpleName());
                ok = false;
            }
            if (results.length() > 1) {
                results.append(',');
            }
            results.append(quote(check.getKey())).append(':').append(ok ? "\"ok\"" : "\"failing\"");
            if (!ok && reason == null) {
                reason = check.getKey();
            }
        }
        results.append('}');
        if (draining) {
            reason = "shutting down";
        }
        boolean ready = reason == null;
        json.append("\"status\":").append(ready ? "\"ready\"" : "\"not ready\"");
        if (!ready) {
            json.append(",\"reason\":").append(quote(reason));
        }
        json.append(",\"checks\":").append(results);
        states.forEach((name, state) -> {
            json.append(',').append(quote(name)).append(":{");
            try {
                String separator = "";
                for (Map.Entry<String, String> part : state.get().entrySet()) {
                    json.append(separator)
                            .append(quote(part.getKey()))
                            .append(':')
                            .append(quote(part.getValue()));
                    separator = ",";
                }
            } catch (RuntimeException e) {
                log.warn("Readiness state '{}' threw {}", name, e.getClass().getSimpleName());
            }
            json.append('}');
        });
        json.append('}');
        return new Response(ready ? 200 : 503, JSON, json.toString());
    }

    private Response metrics(HttpExchange exchange) {
        if (registry.isEmpty()) {
            return new Response(404, JSON, "{\"error\":\"metrics are not enabled\"}");
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        return new Response(200, contentType, registry.get().scrape(contentType));
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        private final Map<String, java.util.function.Supplier<Map<String, String>>> states = new LinkedHashMap<>();
        private Optional<PrometheusMeterRegistry> registry = Optional.empty();
        private final Map<String, java.util.function.Function<java.net.URI, Page>> pages = new LinkedHashMap<>();

        private Builder() {}

        /** Serves {@code path} (GET) with {@code page}, given the request's URI. */
        public Builder page(String path, java.util.function.Function<java.net.URI, Page> page) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(page, "page");
            if (!path.startsWith("/")
                    || Set.of("/", "/healthz", "/readyz", "/metrics").contains(path)) {
                throw new IllegalArgumentException("a page needs a path of its own: " + path);
            }
            if (pages.putIfAbsent(path, page) != null) {
                throw new IllegalArgumentException("a page is already served at " + path);
            }
            return this;
        }

        /** The address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 0 (the default) lets the OS choose, see {@link OpsServer#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Adds a condition {@code /readyz} requires; {@code name} is what a failing probe reports. */
        public Builder readiness(String name, ReadinessCheck check) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
            if (checks.putIfAbsent(name, check) != null) {
                throw new IllegalArgumentException("a readiness check is already named '" + name + "'");
            }
            return this;
        }

        /**
         * Parts {@code /readyz} shows beside its checks without letting them decide readiness (each MCP server's
         * state, for example: a server that is down leaves Lucy ready, with its tools unavailable).
         */
        public Builder state(String name, java.util.function.Supplier<Map<String, String>> state) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
            if (checks.containsKey(name) || states.putIfAbsent(name, state) != null) {
                throw new IllegalArgumentException("a readiness part is already named '" + name + "'");
            }
            return this;
        }

        /** The registry {@code /metrics} scrapes; without one {@code /metrics} answers 404. */
        public Builder metrics(PrometheusMeterRegistry registry) {
            this.registry = Optional.of(Objects.requireNonNull(registry, "registry"));
            return this;
        }

        public OpsServer build() {
            return new OpsServer(this);
        }
    }
}

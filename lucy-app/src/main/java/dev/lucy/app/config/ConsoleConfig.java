package dev.lucy.app.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The web console and the run traces it shows. Immutable; {@link #defaults()} is the console on loopback port
 * {@link #DEFAULT_PORT} with traces kept {@link #DEFAULT_TRACE_RETENTION}.
 *
 * @param enabled whether the console runs ({@code LUCY_CONSOLE_PORT=off} turns it off)
 * @param bind {@code LUCY_CONSOLE_BIND}, the address it listens on; loopback unless exposed on purpose
 * @param port {@code LUCY_CONSOLE_PORT}; 0 picks a free port
 * @param token {@code LUCY_CONSOLE_TOKEN}, a sign-in token that lasts; empty: only the one-time link printed at start
 * @param traces {@code LUCY_TRACES}, whether runs are traced for the console (off: nothing recorded, no overhead)
 * @param traceRetention {@code LUCY_TRACE_RETENTION}, how long traces are kept
 * @param url {@code LUCY_CONSOLE_URL}, where people's browsers reach the console when it is exposed (behind a proxy
 *     with TLS), for Slack's redirect after "Sign in with Slack"; empty: {@code http://LUCY_CONSOLE_BIND:PORT}
 */
public record ConsoleConfig(
        boolean enabled,
        String bind,
        int port,
        Optional<Secret> token,
        boolean traces,
        Duration traceRetention,
        Optional<java.net.URI> url) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    public static final Duration DEFAULT_TRACE_RETENTION = Duration.ofDays(7);
    /** Shorter tokens are too easy to guess for a page that shows what Lucy remembers. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ConsoleConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(traceRetention, "traceRetention");
        Objects.requireNonNull(url, "url");
        if (bind.isBlank()) {
            throw new ConfigException(Keys.CONSOLE_BIND, "must be a host name or address, for example 0.0.0.0");
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException(Keys.CONSOLE_PORT, "must be a port between 0 and 65535, or off");
        }
        if (token.isPresent() && token.get().reveal().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(
                    Keys.CONSOLE_TOKEN, "must be at least " + MIN_TOKEN_LENGTH + " characters (a long random string)");
        }
        if (traceRetention.isNegative() || traceRetention.isZero()) {
            throw new ConfigException(Keys.TRACE_RETENTION, "must be a positive duration, for example 7d");
        }
    }

    public static ConsoleConfig defaults() {
        return new ConsoleConfig(
                true, DEFAULT_BIND, DEFAULT_PORT, Optional.empty(), true, DEFAULT_TRACE_RETENTION, Optional.empty());
    }

    /** Whether it listens on loopback only. */
    public boolean loopbackOnly() {
        return bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1");
    }

    public ConsoleConfig withEnabled(boolean enabled) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, url);
    }

    public ConsoleConfig withBind(String bind) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, url);
    }

    public ConsoleConfig withPort(int port) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, url);
    }

    public ConsoleConfig withToken(Secret token) {
        return new ConsoleConfig(enabled, bind, port, Optional.of(token), traces, traceRetention, url);
    }

    public ConsoleConfig withTraces(boolean traces) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, url);
    }

    public ConsoleConfig withTraceRetention(Duration traceRetention) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, url);
    }

    /** The same console, reached by browsers at {@code url} ({@code LUCY_CONSOLE_URL}). */
    public ConsoleConfig withUrl(java.net.URI url) {
        return new ConsoleConfig(enabled, bind, port, token, traces, traceRetention, Optional.of(url));
    }

    @Override
    public String toString() {
        return "ConsoleConfig[" + (enabled ? bind + ":" + port : "off") + ", token="
                + (token.isPresent() ? "set" : "none") + ", traces=" + (traces ? "kept " + traceRetention : "off")
                + url.map(u -> ", url=" + u).orElse("") + "]";
    }
}

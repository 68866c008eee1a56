package dev.lucy.store;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where Lucy's durable data lives and how connections to it behave. Immutable; build with {@link #builder(String)},
 * or {@link #sqlite(Path)} for the default embedded file. The constructor names the setting it refuses.
 *
 * <p>SQLite files run in WAL mode with a busy timeout, and every write transaction starts with
 * {@code BEGIN IMMEDIATE}, so a read-then-write never fails half-way because another writer got in first.
 * PostgreSQL uses a HikariCP connection pool of {@link #maxPoolSize()} connections.
 *
 * @param url the JDBC URL, {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB}
 * @param username the user to connect as, when the URL does not say
 * @param password the user's password, when the URL does not say
 * @param maxPoolSize connections kept open
 * @param busyTimeout how long SQLite waits for another process's write lock before failing
 * @param connectionTimeout how long a caller waits for a pooled connection before failing
 * @param maxTransactionAttempts how often a write transaction that lost a race runs, in all, before giving up
 * @param durability how hard SQLite pushes each commit to disk
 */
public record DatabaseConfig(
        String url,
        Optional<String> username,
        Optional<String> password,
        int maxPoolSize,
        Duration busyTimeout,
        Duration connectionTimeout,
        int maxTransactionAttempts,
        Durability durability) {
    /** The file name of the SQLite database inside the data directory. */
    public static final String SQLITE_FILE = "lucy.db";

    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final int DEFAULT_SQLITE_POOL_SIZE = 4;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TRANSACTION_ATTEMPTS = 20;

    /** How hard SQLite pushes each commit to disk. */
    public enum Durability {
        /** Survives a killed process; the last commits may be lost if the machine loses power (WAL + NORMAL). */
        PROCESS_CRASH,
        /** Survives power loss too, at the cost of an fsync per commit (WAL + FULL). */
        POWER_LOSS
    }

    public DatabaseConfig {
        Dialect.fromUrl(Objects.requireNonNull(url, "url"));
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        atLeast(maxPoolSize, 1, "maxPoolSize");
        positive(busyTimeout, "busyTimeout");
        positive(connectionTimeout, "connectionTimeout");
        atLeast(maxTransactionAttempts, 1, "maxTransactionAttempts");
        Objects.requireNonNull(durability, "durability");
    }

    /** The default: one SQLite file, {@value #SQLITE_FILE}, in {@code dataDirectory} (created when missing). */
    public static DatabaseConfig sqlite(Path dataDirectory) {
        return builder("jdbc:sqlite:" + dataDirectory.resolve(SQLITE_FILE)).build();
    }

    /**
     * A builder for a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB}). A URL in the
     * {@code postgres://USER:PASSWORD@HOST:PORT/DB} form many hosts hand out is accepted too.
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.username = username;
        b.password = password;
        b.maxPoolSize = OptionalInt.of(maxPoolSize);
        b.busyTimeout = busyTimeout;
        b.connectionTimeout = connectionTimeout;
        b.maxTransactionAttempts = maxTransactionAttempts;
        b.durability = durability;
        return b;
    }

    /** The database, read from the URL. */
    public Dialect dialect() {
        return Dialect.fromUrl(url);
    }

    /** For SQLite, the database file; empty for PostgreSQL or an in-memory SQLite URL. */
    public Optional<Path> sqliteFile() {
        if (dialect() != Dialect.SQLITE) {
            return Optional.empty();
        }
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file));
    }

    /** The URL with any password masked, safe to print. */
    @Override
    public String toString() {
        return "DatabaseConfig[" + url.replaceAll("(?i)(password=)[^&]*", "$1***") + ", pool=" + maxPoolSize + "]";
    }

    /** Builds a {@link DatabaseConfig}; not thread safe. */
    public static final class Builder {
        private String url;
        private Dialect dialect;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private OptionalInt maxPoolSize = OptionalInt.empty();
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private int maxTransactionAttempts = DEFAULT_MAX_TRANSACTION_ATTEMPTS;
        private Durability durability = Durability.PROCESS_CRASH;

        private Builder(String url) {
            Objects.requireNonNull(url, "url");
            String trimmed = url.strip();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("url must not be blank");
            }
            parseHostedPostgresUrl(trimmed);
            if (this.url == null) {
                this.url = trimmed;
            }
            this.dialect = Dialect.fromUrl(this.url);
        }

        // postgres://user:secret@host:5432/db -> jdbc:postgresql://host:5432/db with user and password apart
        private void parseHostedPostgresUrl(String raw) {
            String lower = raw.toLowerCase(java.util.Locale.ROOT);
            String rest;
            if (lower.startsWith("postgres://")) {
                rest = raw.substring("postgres://".length());
            } else if (lower.startsWith("postgresql://")) {
                rest = raw.substring("postgresql://".length());
            } else {
                return;
            }
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                String credentials = rest.substring(0, at);
                rest = rest.substring(at + 1);
                int colon = credentials.indexOf(':');
                String user = colon < 0 ? credentials : credentials.substring(0, colon);
                username = Optional.of(decode(user));
                if (colon >= 0) {
                    password = Optional.of(decode(credentials.substring(colon + 1)));
                }
            }
            this.url = "jdbc:postgresql://" + rest;
        }

        private static String decode(String s) {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        }

        public Builder username(String username) {
            this.username = Optional.of(Objects.requireNonNull(username, "username"));
            return this;
        }

        public Builder password(String password) {
            this.password = Optional.of(Objects.requireNonNull(password, "password"));
            return this;
        }

        /** Connections kept open; defaults to {@value #DEFAULT_MAX_POOL_SIZE} (PostgreSQL), 4 (SQLite). */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = OptionalInt.of(maxPoolSize);
            return this;
        }

        /** How long SQLite waits for another process's write lock before failing. */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        /** How long a caller waits for a pooled connection before failing. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** How often a write transaction that lost a race runs again before giving up. */
        public Builder maxTransactionAttempts(int attempts) {
            this.maxTransactionAttempts = attempts;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public DatabaseConfig build() {
            return new DatabaseConfig(
                    url,
                    username,
                    password,
                    maxPoolSize.orElse(dialect == Dialect.SQLITE ? DEFAULT_SQLITE_POOL_SIZE : DEFAULT_MAX_POOL_SIZE),
                    busyTimeout,
                    connectionTimeout,
                    maxTransactionAttempts,
                    durability);
        }
    }
}

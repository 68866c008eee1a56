package dev.lucy.store;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.positive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Lucy's durable data lives and how connections to it behave. Immutable; build with {@link #builder(String)},
 * or {@link #sqlite(Path)} for the default embedded file.
 *
 * <p>SQLite files run in WAL mode with a busy timeout, and every write transaction starts with
 * {@code BEGIN IMMEDIATE}, so a read-then-write never fails half-way because another writer got in first.
 * PostgreSQL uses a HikariCP connection pool of {@link #maxPoolSize()} connections.
 */
public final class DatabaseConfig {
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

    private final String url;
    private final Dialect dialect;
    private final Optional<String> username;
    private final Optional<String> password;
    private final int maxPoolSize;
    private final Duration busyTimeout;
    private final Duration connectionTimeout;
    private final int maxTransactionAttempts;
    private final Durability durability;

    private DatabaseConfig(Builder b) {
        this.url = b.url;
        this.dialect = b.dialect;
        this.username = b.username;
        this.password = b.password;
        this.maxPoolSize = b.maxPoolSize;
        this.busyTimeout = b.busyTimeout;
        this.connectionTimeout = b.connectionTimeout;
        this.maxTransactionAttempts = b.maxTransactionAttempts;
        this.durability = b.durability;
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
        b.maxPoolSize = maxPoolSize;
        b.busyTimeout = busyTimeout;
        b.connectionTimeout = connectionTimeout;
        b.maxTransactionAttempts = maxTransactionAttempts;
        b.durability = durability;
        return b;
    }

    public String url() {
        return url;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    public Duration busyTimeout() {
        return busyTimeout;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public int maxTransactionAttempts() {
        return maxTransactionAttempts;
    }

    public Durability durability() {
        return durability;
    }

    /** For SQLite, the database file; empty for PostgreSQL or an in-memory SQLite URL. */
    public Optional<Path> sqliteFile() {
        if (dialect != Dialect.SQLITE) {
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

    public static final class Builder {
        private String url;
        private Dialect dialect;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private int maxPoolSize = -1;
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
            this.maxPoolSize = atLeast(maxPoolSize, 1, "maxPoolSize");
            return this;
        }

        /** How long SQLite waits for another process's write lock before failing. */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = positive(busyTimeout, "busyTimeout");
            return this;
        }

        /** How long a caller waits for a pooled connection before failing. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = positive(connectionTimeout, "connectionTimeout");
            return this;
        }

        /** How often a write transaction that lost a race runs again before giving up. */
        public Builder maxTransactionAttempts(int attempts) {
            this.maxTransactionAttempts = atLeast(attempts, 1, "maxTransactionAttempts");
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        public DatabaseConfig build() {
            if (maxPoolSize < 0) {
                maxPoolSize = dialect == Dialect.SQLITE ? DEFAULT_SQLITE_POOL_SIZE : DEFAULT_MAX_POOL_SIZE;
            }
            return new DatabaseConfig(this);
        }
    }
}

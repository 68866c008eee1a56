package dev.lucy.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open database: a pooled data source, its dialect, transactions that retry lost races, and migrations.
 *
 * <p>Thread safe; meant to be shared by every store in a process and called from many virtual threads at once.
 * Calls block. On SQLite, write transactions from this process take turns on a {@link ReentrantLock} and start
 * with {@code BEGIN IMMEDIATE}; writers in other processes wait up to the busy timeout. Close it once, at
 * shutdown.
 */
public final class Database implements AutoCloseable {
    /** Prepared statements kept per pooled SQLite connection: every store's statements fit. */
    private static final int STATEMENTS_PER_CONNECTION = 128;

    private final DatabaseConfig config;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final ReentrantLock sqliteWriteLock = new ReentrantLock();

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dialect = config.dialect();
        this.dataSource = dataSource;
    }

    /** Opens the database (creating the SQLite file and its directory when missing). */
    public static Database open(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        HikariConfig hikari = new HikariConfig();
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setPoolName("lucy-" + config.dialect().folder());
        try {
            switch (config.dialect()) {
                case SQLITE -> hikari.setDataSource(sqliteDataSource(config));
                case POSTGRESQL -> {
                    hikari.setJdbcUrl(config.url());
                    hikari.setDriverClassName("org.postgresql.Driver");
                    config.username().ifPresent(hikari::setUsername);
                    config.password().ifPresent(hikari::setPassword);
                }
            }
            return new Database(config, new HikariDataSource(hikari));
        } catch (RuntimeException e) {
            throw new StoreException(
                    "cannot open the database " + config + ": " + rootMessage(e), !(e instanceof StoreException), e);
        }
    }

    private static DataSource sqliteDataSource(DatabaseConfig config) {
        config.sqliteFile().ifPresent(file -> {
            Path dir = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), false, e);
            }
        });
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(
                config.durability() == DatabaseConfig.Durability.POWER_LOSS
                        ? SQLiteConfig.SynchronousMode.FULL
                        : SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.enforceForeignKeys(true);
        // Lucy never reads generated keys: without this the driver runs a second query after every insert
        sqlite.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl(config.url());
        return new CachedStatements(ds, STATEMENTS_PER_CONNECTION);
    }

    public DatabaseConfig config() {
        return config;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The pooled data source, for code that needs plain JDBC. Do not close it; close the database. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in one write transaction and commits it. A transaction that lost a race (busy, deadlock,
     * serialization failure, a unique key a concurrent writer took first) is rolled back and run again, up to
     * {@link DatabaseConfig#maxTransactionAttempts()} times; so {@code work} must only touch the database.
     *
     * @throws StoreException when the database fails or the work keeps losing
     */
    public <T> T inTransaction(SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= config.maxTransactionAttempts(); attempt++) {
            boolean sqlite = dialect() == Dialect.SQLITE;
            if (sqlite) {
                sqliteWriteLock.lock();
            }
            try (Connection c = dataSource.getConnection()) {
                try {
                    c.setAutoCommit(false);
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    resetAutoCommit(c);
                }
            } catch (SQLException e) {
                if (!dialect().isRetriable(e)) {
                    throw failure(e);
                }
                last = e;
            } finally {
                if (sqlite) {
                    sqliteWriteLock.unlock();
                }
            }
            backOff(attempt);
        }
        throw new StoreException(
                "a write transaction kept conflicting with other writers after "
                        + config.maxTransactionAttempts()
                        + " attempts: "
                        + last.getMessage(),
                true,
                last);
    }

    /** Runs {@code work} on a connection in auto-commit mode, for reads. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Brings the schema of one component up to date with Flyway, from the scripts in
     * {@code db/<component>/<dialect>/} on {@code loader}'s class path ({@code V1__name.sql}, ...), and from
     * {@code db/<component>/common/} when there is one: scripts both dialects run as written, kept once. Versions are
     * numbered across both folders. Each component
     * keeps its own history table, {@code <component>_schema_history}, so components migrate independently in one
     * database. Safe to call from several processes at once.
     */
    public void migrate(String component, ClassLoader loader) {
        migrate(component, loader, new JavaMigration[0]);
    }

    /**
     * {@link #migrate(String, ClassLoader)}, with migrations written in Java beside the scripts: work SQL cannot
     * do, such as finding credentials in stored text. Each names its own version.
     */
    void migrate(String component, ClassLoader loader, JavaMigration... javaMigrations) {
        Objects.requireNonNull(component, "component");
        if (!component.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("component must be lower-case letters, digits and '-': " + component);
        }
        String folder = "db/" + component + "/";
        String[] locations = loader.getResource(folder + "common") == null
                ? new String[] {"classpath:" + folder + dialect().folder()}
                : new String[] {"classpath:" + folder + dialect().folder(), "classpath:" + folder + "common"};
        try {
            Flyway.configure(loader)
                    .dataSource(dataSource)
                    .locations(locations)
                    .table(component.replace('-', '_') + "_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(true)
                    .javaMigrations(javaMigrations)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the " + component + " schema: " + rootMessage(e), false, e);
        }
    }

    /**
     * Brings one of lucy-store's own components up to date ({@link #migrate}) and opens {@code store} on this
     * database: what each store's {@code open} does.
     */
    <T> T open(String component, Function<Database, T> store) {
        migrate(component, Database.class.getClassLoader());
        return store.apply(this);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private StoreException failure(SQLException e) {
        return new StoreException(
                "database failure: " + e.getMessage(), dialect().isRetriable(e), e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it, and the transaction dies with it
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // as above
        }
    }

    private static void backOff(int attempt) {
        long maxMillis = Math.min(50, 1L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", false, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}

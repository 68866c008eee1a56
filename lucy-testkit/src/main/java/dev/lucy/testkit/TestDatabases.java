package dev.lucy.testkit;

import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh, empty databases for tests, handed out as what it takes to open one ({@link Coordinates}: a JDBC URL, user
 * and password), so a test opens them with whatever JDBC code it tests. A JUnit 5 extension; register it on an
 * instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestDatabases databases = TestDatabases.postgres();
 *
 * TestDatabases.Coordinates db = databases.fresh();   // a new, empty database on each call
 * }</pre>
 *
 * <p>{@link #sqlite()} hands out files in a scratch directory of the test's own, removed after it. {@link #postgres()}
 * creates a database per call on one {@link EmbeddedPostgres} shared by every test of the JUnit run: started on first
 * use, stopped when the run ends, so a suite pays for one server start; each test's databases are dropped after it.
 * That needs a PostgreSQL JDBC driver on the test class path. Close what you opened on a database before the test
 * ends ({@code @AfterEach}). Not thread safe: call {@link #fresh()} from the test's thread.
 */
public final class TestDatabases implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabases.class);

    private final boolean postgres;
    private ExtensionContext test;
    private ScratchDirectory scratch;
    private final List<String> createdOnServer = new ArrayList<>();
    private int created;

    /**
     * What a test needs to open one database.
     *
     * @param jdbcUrl the database's URL, complete on its own (the user is in it for PostgreSQL)
     * @param user the user to connect as, empty for SQLite
     * @param password the user's password, empty here
     */
    public record Coordinates(String jdbcUrl, String user, String password) {
        public Coordinates {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }

    private TestDatabases(boolean postgres) {
        this.postgres = postgres;
    }

    /** SQLite files, each in the test's scratch directory. */
    public static TestDatabases sqlite() {
        return new TestDatabases(false);
    }

    /** Databases on the run's shared embedded PostgreSQL. */
    public static TestDatabases postgres() {
        return new TestDatabases(true);
    }

    /** A new, empty database for the running test. */
    public Coordinates fresh() {
        if (test == null) {
            throw new IllegalStateException("TestDatabases hands out databases during a test: register it with"
                    + " @RegisterExtension on an instance field and call fresh() from the test or its @BeforeEach");
        }
        created++;
        if (postgres) {
            String url = server().createDatabase();
            createdOnServer.add(url);
            return new Coordinates(url, server().user(), "");
        }
        if (scratch == null) {
            scratch = ScratchDirectory.create("lucy-test-db");
        }
        return new Coordinates("jdbc:sqlite:" + scratch.path().resolve("lucy-" + created + ".db"), "", "");
    }

    private EmbeddedPostgres server() {
        return test.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(EmbeddedPostgres.class, k -> EmbeddedPostgres.start(), EmbeddedPostgres.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        test = context;
        created = 0;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String url : createdOnServer) {
            try {
                server().dropDatabase(url);
            } catch (IllegalStateException e) {
                // best effort: a database left behind only takes room until the run's server stops
            }
        }
        createdOnServer.clear();
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
        test = null;
    }
}

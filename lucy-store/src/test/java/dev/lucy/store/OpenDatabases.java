package dev.lucy.store;

import dev.lucy.testkit.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens {@link Database}s on the testkit's fresh databases, as one or more "processes" (each {@link #again()} is
 * another connection pool on the same database), and closes them after each test. Register it with
 * {@code @RegisterExtension} on an instance field.
 */
final class OpenDatabases implements BeforeEachCallback, AfterEachCallback {
    private final TestDatabases source;
    private final List<Database> open = new ArrayList<>();
    private TestDatabases.Coordinates last;

    private OpenDatabases(TestDatabases source) {
        this.source = source;
    }

    /** SQLite files in the test's scratch directory. */
    static OpenDatabases sqlite() {
        return new OpenDatabases(TestDatabases.sqlite());
    }

    /** Databases on the run's shared embedded PostgreSQL. */
    static OpenDatabases postgres() {
        return new OpenDatabases(TestDatabases.postgres());
    }

    /** Opens a new, empty database, which later {@link #again()} calls open once more. */
    Database fresh() {
        last = source.fresh();
        return again();
    }

    /** Opens the last {@link #fresh()} database once more, as a second process would. */
    Database again() {
        Database database = Database.open(DatabaseConfig.builder(last.jdbcUrl()).build());
        open.add(database);
        return database;
    }

    /** Closes every database opened so far, as if their processes stopped. */
    void closeAll() {
        open.forEach(Database::close);
        open.clear();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        source.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
        source.afterEach(context);
    }
}
